-- Status questions to a partner that is disabled before it answered them end, instead of
-- staying pending forever: disabling stops the partner's connection, so nothing would ever ask
-- them again (and the age bound is checked only while a connection asks). They become 'failed'
-- with reason 'partner-disabled' in the transaction that disables the partner, whoever writes it.
--
-- Triage's question insert reads the partner row FOR SHARE, so a question asked while the
-- partner is being disabled is either refused (it sees the partner disabled) or committed before
-- the disabling UPDATE runs, and then failed by this trigger.
--
-- Partners are never deleted (questions and outbox rows reference them), so disabling is the one
-- way a partner goes away.

CREATE FUNCTION exchange.fail_questions_of_disabled_partner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE exchange.status_queries
     SET state = 'failed', failure_reason = 'partner-disabled',
         failure_detail = 'partner ' || NEW.name || ' was disabled before it answered: there is '
                          'no connection to ask it over; enable it and ask again',
         answered_at = now()
   WHERE partner_id = NEW.id AND state = 'pending';
  RETURN NULL;
END;
$$;

CREATE TRIGGER exchange_status_queries_partner_disabled
  AFTER UPDATE OF enabled ON exchange.partners FOR EACH ROW
  WHEN (OLD.enabled AND NOT NEW.enabled)
  EXECUTE FUNCTION exchange.fail_questions_of_disabled_partner();

-- Questions left pending for partners disabled before this migration.
UPDATE exchange.status_queries q
   SET state = 'failed', failure_reason = 'partner-disabled',
       failure_detail = 'partner ' || p.name || ' was disabled before it answered: there is '
                        'no connection to ask it over; enable it and ask again',
       answered_at = now()
  FROM exchange.partners p
 WHERE p.id = q.partner_id AND NOT p.enabled AND q.state = 'pending';
