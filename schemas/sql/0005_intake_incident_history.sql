-- The versions an update replaced: when a changed document arrives for an existing
-- IncidentID@name, the current row is copied here before it is overwritten, so every version
-- an analyst or partner may have seen can be reconstructed. A re-sent older version is
-- recognised by its fingerprint here and answered as a duplicate, not applied as an update.
CREATE TABLE intake.incident_history (
  incident_id uuid NOT NULL REFERENCES intake.incidents (id),
  version integer NOT NULL,
  fingerprint text NOT NULL,
  tlp text NOT NULL,
  submitter text NOT NULL,
  document_id bigint NOT NULL REFERENCES intake.documents (id),
  incident_index integer NOT NULL,
  model bytea NOT NULL,
  -- When this version was stored, and when a newer one replaced it.
  recorded_at timestamptz NOT NULL,
  superseded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, version)
);
CREATE INDEX incident_history_fingerprint ON intake.incident_history (incident_id, fingerprint);
