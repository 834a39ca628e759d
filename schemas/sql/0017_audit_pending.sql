-- Audit records written by changes but not yet chained. A change inserts its record here, in
-- its own transaction and without any lock, so changes commit in parallel; one sequencer at a
-- time (under the advisory lock of services/triage/audit_chain.hpp) moves committed records
-- into audit.log in order, giving each its seq and hash, and deletes them here in the same
-- transaction. Records wait here for at most one poll interval of the triage service; the
-- verification chains everything pending before it checks.
CREATE TABLE audit.pending (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  origin text NOT NULL,
  action text NOT NULL,
  subject text NOT NULL,
  detail text NOT NULL
);
