-- Updates follow the incident (docs/protocol.md 5.2, docs/api-exchange.md): once an incident of
-- ours has been shared, every change that matters to a partner (a new intake version: new
-- indicators, a reporter's update; a triage state or category change) notes the incident in
-- exchange.changed_incidents, in the transaction of the change itself, so no change is missed
-- even while the exchange service is down. The exchange service takes the noted incidents
-- (FOR UPDATE SKIP LOCKED, so several instances share the work), builds a new version per
-- partner that received the incident, and deletes the note in the same transaction as the
-- outbox rows.
--
-- The triggers sit on intake's and triage's tables so that neither service has to know about
-- sharing; they fire only on UPDATE and cost one primary-key probe of share_versions.

-- A withdrawn incident is no longer followed (until it is shared again).
ALTER TABLE exchange.share_versions ADD COLUMN withdrawn boolean NOT NULL DEFAULT false;

CREATE TABLE exchange.changed_incidents (
  incident_id uuid PRIMARY KEY,
  noted_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION exchange.note_changed_intake_incident() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM exchange.share_versions v
             WHERE v.incident_id = NEW.id AND NOT v.withdrawn) THEN
    INSERT INTO exchange.changed_incidents (incident_id) VALUES (NEW.id)
      ON CONFLICT (incident_id) DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION exchange.note_changed_triage_incident() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM exchange.share_versions v
             WHERE v.incident_id = NEW.incident_id AND NOT v.withdrawn) THEN
    INSERT INTO exchange.changed_incidents (incident_id) VALUES (NEW.incident_id)
      ON CONFLICT (incident_id) DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER exchange_follow AFTER UPDATE ON intake.incidents FOR EACH ROW
  WHEN (OLD.version IS DISTINCT FROM NEW.version)
  EXECUTE FUNCTION exchange.note_changed_intake_incident();

CREATE TRIGGER exchange_follow AFTER UPDATE ON triage.incidents FOR EACH ROW
  WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.category IS DISTINCT FROM NEW.category)
  EXECUTE FUNCTION exchange.note_changed_triage_incident();

-- Receiver side: which Shares were withdrawals (the incident left our queue).
ALTER TABLE exchange.received_shares ADD COLUMN kind text NOT NULL DEFAULT 'version'
  CHECK (kind IN ('version', 'withdrawal'));
