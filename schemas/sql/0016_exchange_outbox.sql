-- Exchange delivery bookkeeping: what we share (outbox, versions), what we received
-- (received_shares), and the story of each incident's sharing (sharing_history).
-- incident ids are intake's (intake.incidents.id); no foreign key, so that a partner's
-- incident can be recorded in the same transaction that creates its intake row in any order.

-- The latest version shared of each of our incidents (docs/protocol.md 5.2: +1 per version).
CREATE TABLE exchange.share_versions (
  incident_id uuid PRIMARY KEY,
  version bigint NOT NULL CHECK (version >= 1)
);

-- One row per (share, partner), written in the transaction that took the share decision.
-- Delivery reads a partner's pending rows in id order, which is the order per partner.
CREATE TABLE exchange.outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  partner_id bigint NOT NULL REFERENCES exchange.partners (id),
  incident_id uuid NOT NULL,
  version bigint NOT NULL CHECK (version >= 1),
  -- Idempotency key the receiver deduplicates on; the same for every partner of one version.
  share_id text NOT NULL CHECK (share_id <> ''),
  -- The complete Envelope body (ncirt.v1.Share, protobuf bytes), after policy.
  share bytea NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'refused')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text NOT NULL DEFAULT '',
  receiver_incident_id text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  CONSTRAINT outbox_share_key UNIQUE (partner_id, share_id)
);
CREATE INDEX outbox_pending ON exchange.outbox (partner_id, id) WHERE state = 'pending';

-- Receiver side: every Share committed from a partner, for duplicate detection (protocol 5.1)
-- and version ordering (5.2: apply only a version above the highest applied).
CREATE TABLE exchange.received_shares (
  partner_id bigint NOT NULL REFERENCES exchange.partners (id),
  share_id text NOT NULL CHECK (share_id <> ''),
  origin_incident_id text NOT NULL,
  version bigint NOT NULL,
  receiver_incident_id text NOT NULL,
  -- false when the version was not above the highest applied: acknowledged, nothing changed.
  applied boolean NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partner_id, share_id)
);
CREATE INDEX received_shares_origin ON exchange.received_shares
  (partner_id, origin_incident_id, version);

-- What happened to each incident's sharing, per partner: queued (with what the policy removed),
-- refused by our policy (with the reason), acknowledged, or refused by the partner (Nack).
CREATE TABLE exchange.sharing_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id uuid NOT NULL,
  partner_name text NOT NULL,
  version bigint,
  share_id text NOT NULL DEFAULT '',
  event text NOT NULL
    CHECK (event IN ('queued', 'refused', 'acknowledged', 'duplicate', 'nacked')),
  -- Stable machine reason ('tlp-not-agreed', 'NACK_CODE_POLICY_REFUSED', ...); '' for success.
  reason text NOT NULL DEFAULT '',
  -- The sentence for a person: refusal message, or the list of removals.
  detail text NOT NULL DEFAULT '',
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sharing_history_incident ON exchange.sharing_history (incident_id, id);
