-- Intake API tokens: who may submit and read, and with which defaults.
-- A token is 32 random bytes shown once when created; only its SHA-256 is stored. A slow
-- password hash is not needed: the token has 256 bits of entropy, so the digest cannot be
-- reversed by guessing, and a fast digest keeps authentication cheap on every request.
CREATE TABLE intake.api_tokens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_sha256 bytea NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32),
  -- The submitter identity the token acts for (a sensor, a constituent, a partner link).
  submitter text NOT NULL CHECK (submitter <> ''),
  -- submit: POST documents; read: GET the submitter's own incidents; admin: read all
  -- incidents and the quarantine.
  scopes text[] NOT NULL
    CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['submit', 'read', 'admin']::text[]),
  -- The validation policy applied to this token's documents (iodef/codec.hpp).
  policy text NOT NULL CHECK (policy IN ('strict', 'tolerant')),
  -- The marking of incidents whose IODEF restriction names no TLP colour.
  default_tlp text NOT NULL
    CHECK (default_tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
