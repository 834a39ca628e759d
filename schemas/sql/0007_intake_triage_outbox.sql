-- The triage queue's inbox, written in the same transaction as the incident it announces (the
-- transactional outbox pattern): if triage is down, nothing is lost; it takes the pending rows
-- when it comes back (SELECT ... FOR UPDATE SKIP LOCKED) and marks them delivered.
CREATE TABLE intake.triage_outbox (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id uuid NOT NULL REFERENCES intake.incidents (id),
  version integer NOT NULL,
  event text NOT NULL CHECK (event IN ('created', 'updated')),
  enqueued_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
CREATE INDEX triage_outbox_pending ON intake.triage_outbox (seq) WHERE delivered_at IS NULL;
