-- Analysts' comments on an incident, and links between related incidents.
CREATE TABLE triage.comments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id uuid NOT NULL REFERENCES triage.incidents (incident_id),
  author text NOT NULL,
  body text NOT NULL CHECK (body <> '' AND length(body) <= 16384),
  created_at timestamptz NOT NULL
);
CREATE INDEX comments_incident ON triage.comments (incident_id, id);

-- A link is undirected; it is stored once with the smaller id first, so (a, b) and (b, a) are
-- the same row and a second request is a duplicate.
CREATE TABLE triage.links (
  incident_a uuid NOT NULL REFERENCES triage.incidents (incident_id),
  incident_b uuid NOT NULL REFERENCES triage.incidents (incident_id),
  relation text NOT NULL CHECK (relation IN ('related', 'same-campaign', 'same-actor')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (incident_a, incident_b),
  CHECK (incident_a < incident_b)
);
CREATE INDEX links_b ON triage.links (incident_b);
