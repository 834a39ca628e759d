-- Receiving side of the exchange: withdrawals that arrive early, and originators kept.
--
-- A partner's withdrawal can arrive before triage has taken the incident in (triage reads
-- intake's announcements on its own schedule). The receiver then records the withdrawal as
-- waiting for the queue (queue_pending, with the partner's reason), and when triage inserts the
-- incident, the trigger below takes it out of the queue in that same transaction: state
-- "rejected", the partner's comment and an audit record, as if it had been there before.
--
-- Both sides take the same transaction-level advisory lock on the incident before looking at
-- the other's rows, so a withdrawal and triage's insert committing at the same time cannot miss
-- each other (READ COMMITTED: the statement after the lock sees what the other committed).

ALTER TABLE exchange.received_shares
  ADD COLUMN queue_pending boolean NOT NULL DEFAULT false,
  ADD COLUMN withdrawal_reason text;

-- The CIRT that first reported a partner's incident, as the partner's Share named it; an
-- incident passed on names it again (and not the partner that passed it to us).
ALTER TABLE exchange.received_shares ADD COLUMN originator text NOT NULL DEFAULT '';

-- Our incident's received Shares: for the trigger below and for the originator look-up.
CREATE INDEX received_shares_receiver ON exchange.received_shares (receiver_incident_id);

CREATE FUNCTION exchange.apply_early_withdrawal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  w record;
BEGIN
  -- Most incidents were not received from a partner: no lock for them (a bulk insert of
  -- triage rows in one transaction must not fill the lock table). A received one's record
  -- commits with intake's announcement that triage reads (the receiver's group commit), so it
  -- is visible here whenever a withdrawal for it can exist.
  IF NOT EXISTS (SELECT 1 FROM exchange.received_shares r
                 WHERE r.receiver_incident_id = NEW.incident_id::text) THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('exchange.withdrawal:' || NEW.incident_id::text, 0));
  FOR w IN SELECT r.partner_id, r.share_id, r.origin_incident_id, r.version, r.withdrawal_reason,
                  p.name
             FROM exchange.received_shares r JOIN exchange.partners p ON p.id = r.partner_id
            WHERE r.receiver_incident_id = NEW.incident_id::text AND r.queue_pending
            ORDER BY r.version
  LOOP
    UPDATE triage.incidents SET state = 'rejected',
        sla_elapsed_ms = sla_elapsed_ms + CASE WHEN sla_since IS NULL THEN 0 ELSE
          floor(extract(epoch FROM now() - sla_since) * 1000)::bigint END,
        sla_since = NULL, updated_at = now()
      WHERE incident_id = NEW.incident_id AND state NOT IN ('closed', 'rejected', 'merged');
    INSERT INTO triage.comments (incident_id, author, body, created_at)
      VALUES (NEW.incident_id, 'partner:' || w.name,
              'Withdrawn by partner ' || w.name || ' (their incident ' || w.origin_incident_id ||
              ', version ' || w.version || ', before this incident reached the queue): ' ||
              coalesce(w.withdrawal_reason, 'no reason given'), now());
    INSERT INTO audit.pending (at, actor, origin, action, subject, detail)
      VALUES (now(), 'partner:' || w.name, 'exchange', 'incident.withdrawn_by_partner',
              NEW.incident_id::text,
              jsonb_build_object('partner', w.name, 'origin_incident_id', w.origin_incident_id,
                                 'version', w.version, 'reason', w.withdrawal_reason,
                                 'removed_from_queue', true,
                                 'applied_when_triage_took_it_in', true)::text);
    UPDATE exchange.received_shares SET queue_pending = false
      WHERE partner_id = w.partner_id AND share_id = w.share_id;
  END LOOP;
  RETURN NULL;
END;
$$;

CREATE TRIGGER exchange_early_withdrawal AFTER INSERT ON triage.incidents FOR EACH ROW
  EXECUTE FUNCTION exchange.apply_early_withdrawal();
