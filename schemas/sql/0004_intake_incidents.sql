-- Incidents: the model (ncirt.v1.Incident, protobuf bytes) plus the columns queries need.
-- IODEF identifies an incident by IncidentID within the issuing CSIRT's name; the unique
-- constraint makes concurrent submissions of the same IncidentID converge on one row (intake
-- inserts with ON CONFLICT DO NOTHING and then locks the winner's row).
CREATE TABLE intake.incidents (
  id uuid PRIMARY KEY,
  iodef_id text NOT NULL,
  iodef_name text NOT NULL,
  -- 1 when created; +1 for every update with changed content (history in incident_history).
  version integer NOT NULL CHECK (version >= 1),
  -- Lower-case hex SHA-256 of the incident's content (intake/submission.hpp says what counts).
  fingerprint text NOT NULL,
  tlp text NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  -- IODEF tokens as submitted ('reporting', 'mitigation', ...; 'ext-value' plus the ext text).
  purpose text NOT NULL,
  generation_time timestamptz,
  report_time timestamptz,
  detect_time timestamptz,
  start_time timestamptz,
  end_time timestamptz,
  submitter text NOT NULL,
  -- The document this version came from, and the Incident's position in it.
  document_id bigint NOT NULL REFERENCES intake.documents (id),
  incident_index integer NOT NULL,
  -- Violations tolerated under the submitter's policy (the texts are in model.warnings).
  warning_count integer NOT NULL DEFAULT 0,
  model bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT incidents_iodef_key UNIQUE (iodef_name, iodef_id)
);
CREATE INDEX incidents_submitter_created ON intake.incidents (submitter, created_at);
CREATE INDEX incidents_generation_time ON intake.incidents (generation_time);
