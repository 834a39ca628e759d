-- The audit log: who did what to which incident, when, from where. Append-only and
-- hash-chained: hash = SHA-256(prev_hash || canonical content), where the canonical content
-- and the verification are defined in services/triage/audit_chain.hpp. The first row's
-- prev_hash is 32 zero bytes. Appenders take an advisory lock (key in audit_chain.hpp) so the
-- chain stays linear.
CREATE TABLE audit.log (
  seq bigint PRIMARY KEY CHECK (seq >= 1),
  at timestamptz NOT NULL,
  actor text NOT NULL,
  -- Where the actor came from (remote address), or 'system'.
  origin text NOT NULL,
  action text NOT NULL,
  -- The incident concerned, as text (empty when none): audit must not depend on triage rows.
  subject text NOT NULL,
  detail text NOT NULL,
  prev_hash bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
  hash bytea NOT NULL CHECK (octet_length(hash) = 32)
);

-- Rows are never changed or removed. Privileges alone do not stop the table's owner, so a
-- trigger refuses it too; a superuser can still get around both, and that is what the chain's
-- verification is for.
REVOKE UPDATE, DELETE, TRUNCATE ON audit.log FROM PUBLIC;
CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit.log is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER log_append_only BEFORE UPDATE OR DELETE ON audit.log
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER log_no_truncate BEFORE TRUNCATE ON audit.log
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
