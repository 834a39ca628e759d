-- Idempotency-Key header values, per submitter: a client that did not see the answer to a
-- submission sends it again with the same key and gets the first answer's incidents back,
-- whether or not the first attempt committed. The same key with a different request is refused.
-- Purged after NCIRT_INTAKE_IDEMPOTENCY_RETENTION.
CREATE TABLE intake.idempotency_keys (
  submitter text NOT NULL,
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  -- SHA-256 of the request (media type and body), to tell a retry from a reused key.
  request_sha256 text NOT NULL,
  -- The incidents the first request stored or matched, as answered.
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (submitter, key)
);
CREATE INDEX idempotency_keys_created ON intake.idempotency_keys (created_at);
