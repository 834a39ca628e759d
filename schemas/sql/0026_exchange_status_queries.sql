-- Status questions an analyst asks a partner about one of our incidents it received from us
-- (docs/protocol.md, Query and QueryResult). Triage writes the question; the exchange service's
-- connection to that partner sends the Query and records the QueryResult, or why there is none.
--
-- A question stays pending while the partner cannot be reached (the connector retries); it is
-- failed, with the reason, when the partner answers it with a Nack, or when it could not be
-- answered within the exchange's bound (attempts, or age).
CREATE TABLE exchange.status_queries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id uuid NOT NULL,
  partner_id bigint NOT NULL REFERENCES exchange.partners (id),
  asked_by text NOT NULL,
  asked_at timestamptz NOT NULL DEFAULT now(),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'answered', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text NOT NULL DEFAULT '',
  -- The QueryResult: the partner's id for the incident, its triage state, the highest version
  -- it applied, and when its state last changed (NULL when it did not say).
  receiver_incident_id text NOT NULL DEFAULT '',
  partner_state text NOT NULL DEFAULT '',
  partner_version bigint NOT NULL DEFAULT 0 CHECK (partner_version >= 0),
  partner_updated_at timestamptz,
  -- A failure: stable reason ('NACK_CODE_UNKNOWN_INCIDENT', 'gave-up') and a sentence.
  failure_reason text NOT NULL DEFAULT '',
  failure_detail text NOT NULL DEFAULT '',
  answered_at timestamptz,
  CHECK ((state = 'pending') = (answered_at IS NULL))
);
CREATE INDEX status_queries_pending ON exchange.status_queries (partner_id, id)
  WHERE state = 'pending';
CREATE INDEX status_queries_incident ON exchange.status_queries (incident_id, id);
