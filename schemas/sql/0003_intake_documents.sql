-- Documents as received, byte for byte (DESIGN.md: originals are kept verbatim beside the
-- parsed rows). One row per accepted submission that stored or changed at least one incident;
-- an exact duplicate is not stored again.
CREATE TABLE intake.documents (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Lower-case hex SHA-256 of content.
  sha256 text NOT NULL,
  -- 'iodef-v2-xml', 'iodef-v1-xml' or 'iodef-v2-json'.
  format text NOT NULL,
  media_type text NOT NULL,
  content bytea NOT NULL,
  submitter text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_sha256 ON intake.documents (sha256);
