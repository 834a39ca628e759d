-- The triage queue: one row per intake incident (intake.incidents.id), holding only what the
-- analysts' workflow adds. The model itself stays in intake.incidents; triage reads it there.
-- States and transitions: services/triage/workflow.hpp. Priority: services/triage/priority.hpp.
CREATE TABLE triage.incidents (
  incident_id uuid PRIMARY KEY REFERENCES intake.incidents (id),
  state text NOT NULL DEFAULT 'new' CHECK (state IN
    ('new', 'triaged', 'in_progress', 'waiting', 'resolved', 'closed', 'rejected', 'merged')),
  -- 1 (most urgent) .. 4; computed from the model when the incident arrives or changes.
  priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 4),
  -- The score behind the priority (higher is more urgent); orders the queue within a priority.
  score integer NOT NULL,
  -- The intake version the priority was computed from.
  intake_version integer NOT NULL CHECK (intake_version >= 1),
  tlp text NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  -- Who submitted it (intake's submitter: a sensor, a constituent or a partner link).
  submitter text NOT NULL,
  constituent text,
  assignee text,
  -- ENISA Reference Security Incident Taxonomy, "class/type" (services/triage/taxonomy.hpp).
  category text,
  -- An analyst's override of the computed priority; NULL when none.
  severity_override smallint CHECK (severity_override BETWEEN 1 AND 4),
  -- SLA: time spent in states where the clock runs, up to sla_since (services/triage/sla.hpp).
  sla_elapsed_ms bigint NOT NULL DEFAULT 0,
  sla_since timestamptz,
  triaged_at timestamptz,
  resolved_at timestamptz,
  merged_into uuid REFERENCES triage.incidents (incident_id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((state = 'merged') = (merged_into IS NOT NULL)),
  CHECK (merged_into IS DISTINCT FROM incident_id)
);
-- Claim-next walks this index: unassigned new incidents, most urgent first, oldest first.
CREATE INDEX incidents_claimable ON triage.incidents
  (priority, score DESC, created_at, incident_id) WHERE state = 'new' AND assignee IS NULL;
-- Queue listing pages by (created_at, incident_id) keyset under each filter.
CREATE INDEX incidents_state_created ON triage.incidents (state, created_at, incident_id);
CREATE INDEX incidents_assignee ON triage.incidents (assignee, created_at, incident_id);
CREATE INDEX incidents_category ON triage.incidents (category, created_at, incident_id);

-- SLA targets per effective priority, set by a lead. Seeded with the defaults docs/api.md names.
CREATE TABLE triage.sla_targets (
  priority smallint PRIMARY KEY CHECK (priority BETWEEN 1 AND 4),
  time_to_triage_s integer NOT NULL CHECK (time_to_triage_s > 0),
  time_to_resolve_s integer NOT NULL CHECK (time_to_resolve_s > 0),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (time_to_resolve_s >= time_to_triage_s)
);
INSERT INTO triage.sla_targets (priority, time_to_triage_s, time_to_resolve_s, updated_by) VALUES
  (1, 900, 14400, 'migration'),
  (2, 3600, 86400, 'migration'),
  (3, 14400, 259200, 'migration'),
  (4, 86400, 1209600, 'migration');
