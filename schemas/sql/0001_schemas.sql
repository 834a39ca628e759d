-- One schema per service (docs/architecture.md); later migrations add their tables.
--   intake    received documents, incidents, indicators, quarantine
--   triage    queue, workflow, users and sessions, constituency, statistics
--   exchange  partner registry, outbox, acknowledgements
--   audit     the append-only, hash-chained log of every change
-- IF NOT EXISTS: on a managed PostgreSQL the administrator may have created the schemas
-- beforehand (for ownership or grants), and migrating must still succeed there.
CREATE SCHEMA IF NOT EXISTS intake;
CREATE SCHEMA IF NOT EXISTS triage;
CREATE SCHEMA IF NOT EXISTS exchange;
CREATE SCHEMA IF NOT EXISTS audit;
