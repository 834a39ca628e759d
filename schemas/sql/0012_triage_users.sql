-- People who work in triage, their sessions, their API tokens, and failed logins (for rate
-- limiting). Passwords are argon2id encoded strings (services/triage/auth/password.hpp);
-- session ids, CSRF tokens and API tokens are random and only their SHA-256 is stored, so a
-- copy of the table does not let anyone log in.
CREATE TABLE triage.users (
  name text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
  role text NOT NULL CHECK (role IN ('analyst', 'lead', 'admin', 'auditor')),
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE triage.sessions (
  id_sha256 bytea PRIMARY KEY CHECK (octet_length(id_sha256) = 32),
  user_name text NOT NULL REFERENCES triage.users (name),
  csrf_sha256 bytea NOT NULL CHECK (octet_length(csrf_sha256) = 32),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON triage.sessions (user_name);

CREATE TABLE triage.api_tokens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_sha256 bytea NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32),
  user_name text NOT NULL REFERENCES triage.users (name),
  label text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- One row per failed login; the limiter counts rows in a sliding window per name and per
-- address, and old rows are deleted as it goes.
CREATE TABLE triage.login_failures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_name text NOT NULL,
  remote text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX login_failures_user ON triage.login_failures (user_name, at);
CREATE INDEX login_failures_remote ON triage.login_failures (remote, at);
