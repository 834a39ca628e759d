-- Rejected documents, kept for inspection by administrators (GET /v1/quarantine) and purged
-- after NCIRT_INTAKE_QUARANTINE_RETENTION. The bytes are kept up to
-- NCIRT_INTAKE_QUARANTINE_MAX_BYTES; content_size is the size as received.
CREATE TABLE intake.quarantine (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  submitter text NOT NULL,
  -- The ErrorKind name ('schema-violation', 'too-large', ...) and the HTTP status answered.
  reason text NOT NULL,
  status integer NOT NULL,
  detail text NOT NULL,
  -- The problem document (RFC 9457) the submitter received, with every located issue.
  problem jsonb NOT NULL,
  media_type text NOT NULL,
  content bytea NOT NULL,
  content_size bigint NOT NULL,
  truncated boolean NOT NULL,
  request_id text NOT NULL
);
CREATE INDEX quarantine_received ON intake.quarantine (received_at);
