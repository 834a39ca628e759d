-- Claim-next order (services/triage/store/queue_store.hpp): overdue incidents first, by the
-- instant they became overdue; then by effective priority (an analyst's override wins over the
-- computed one), score, age. triage_due_at is fixed when the incident arrives, because the SLA
-- clock never stops in `new` (services/triage/sla.hpp), so both orders are plain index walks.
ALTER TABLE triage.incidents ADD COLUMN triage_due_at timestamptz;
UPDATE triage.incidents SET triage_due_at = created_at;
ALTER TABLE triage.incidents ALTER COLUMN triage_due_at SET NOT NULL;
DROP INDEX triage.incidents_claimable;
CREATE INDEX incidents_claimable ON triage.incidents
  ((coalesce(severity_override, priority)), score DESC, created_at, incident_id)
  WHERE state = 'new' AND assignee IS NULL;
CREATE INDEX incidents_claimable_overdue ON triage.incidents (triage_due_at, incident_id)
  WHERE state = 'new' AND assignee IS NULL;
