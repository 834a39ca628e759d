-- Read paths of the triage API that must not scan whole tables as they grow:
-- the history of one incident (GET /v1/incidents/{id}) reads its audit records by subject, in
-- both the chained log and the records still pending; the queue listing filters by the
-- partner of origin (intake's submitter) and by constituent, paging by (created_at, id).
CREATE INDEX log_subject ON audit.log (subject, seq);
CREATE INDEX pending_subject ON audit.pending (subject, id);
CREATE INDEX incidents_submitter ON triage.incidents (submitter, created_at, incident_id);
CREATE INDEX incidents_constituent ON triage.incidents (constituent, created_at, incident_id);
