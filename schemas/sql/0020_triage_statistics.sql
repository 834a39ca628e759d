-- Statistics over triage's incidents (services/triage/stats/stats_store.hpp): summary tables
-- per calendar month and per calendar year (UTC), kept exact by triggers, so a year of
-- incidents reports from its year rows and a period from its whole years, whole months and
-- the incident rows of its partial months.
--
-- How the summary stays exact. Every change of a triage.incidents row that matters to the
-- figures writes, from a trigger and therefore in the changing transaction, delta rows: -1 for
-- the keys the row had, +1 for the keys it has now. Nothing updates a shared counter, so
-- changes never wait on each other. stats_compact() moves committed deltas into the summary
-- in one transaction (DELETE ... RETURNING feeding an upsert into both the month and the year
-- rows), one compactor at a time under an advisory lock. A reader sums summary and deltas in
-- one snapshot. At every committed snapshot, for the month rows and the year rows alike,
--   summary + deltas = the sum over every change of (+1 new keys, -1 old keys)
--                    = +1 for the current keys of every row (the history telescopes),
-- so what a reader sees is exactly the current rows, compacted or not. stats_rebuild()
-- recomputes everything from the base rows; the integration tests compare the two.
--
-- Keys. An incident counts in the UTC month (and year) of its arrival in triage (created_at),
-- under its TLP and once per dimension: category, state, submitter, constituent and effective priority
-- (the analyst's override, else the computed one). A merged incident is a duplicate of
-- another: it counts only in the state dimension (as 'merged'), so categories and sources
-- count each incident once.
--
-- Durations. Time to triage (triaged_at - created_at; the SLA clock never stops in new) of
-- every triaged incident, and time to resolve (sla_elapsed_ms, the SLA clock, which stopped at
-- resolution) of every incident now resolved or closed, count per effective priority in the
-- bucket stats_bucket() gives: whole seconds up to 10 minutes, 10 seconds up to an hour, a
-- minute up to a day, an hour beyond; each bucket is named by its upper bound, in seconds.
-- So percentiles are exact to that step, and "within target" is exact for every target that is
-- a bucket bound (the default targets all are).
--
-- Indicators. An incident counts once per distinct (kind, value) of its normalised indicators
-- (intake.indicators) as they were when triage took in its current version: the set is copied
-- into stats_incident_indicators whenever triage inserts the row or takes a new intake version
-- (intake_version changes), which happens under the triage row's lock, so the copy and the
-- counts move together. Merged incidents count no indicators.

-- Arrival order of triage rows: the partial months at the edges of a period.
CREATE INDEX incidents_stats_created ON triage.incidents (created_at);
CREATE INDEX outbox_created ON exchange.outbox (created_at);
CREATE INDEX received_shares_received ON exchange.received_shares (received_at);
CREATE INDEX sharing_history_at ON exchange.sharing_history (at) WHERE event = 'refused';

-- span 'm': start is the first day of a month; span 'y': the first day of a year.
CREATE TABLE triage.stats_counts (
  span "char" NOT NULL CHECK (span IN ('m', 'y')),
  start date NOT NULL,
  dimension text NOT NULL
    CHECK (dimension IN ('category', 'state', 'submitter', 'constituent', 'priority')),
  -- '' for none (no category yet, no constituent known).
  value text NOT NULL,
  tlp text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (span, start, dimension, value, tlp)
);
CREATE TABLE triage.stats_count_deltas (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  month date NOT NULL,
  dimension text NOT NULL,
  value text NOT NULL,
  tlp text NOT NULL,
  n integer NOT NULL
);
CREATE TABLE triage.stats_durations (
  span "char" NOT NULL CHECK (span IN ('m', 'y')),
  start date NOT NULL,
  metric text NOT NULL CHECK (metric IN ('triage', 'resolve')),
  priority smallint NOT NULL,
  bucket_s bigint NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (span, start, metric, priority, bucket_s)
);
CREATE TABLE triage.stats_duration_deltas (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  month date NOT NULL,
  metric text NOT NULL,
  priority smallint NOT NULL,
  bucket_s bigint NOT NULL,
  n integer NOT NULL
);
CREATE TABLE triage.stats_indicators (
  span "char" NOT NULL CHECK (span IN ('m', 'y')),
  start date NOT NULL,
  kind text NOT NULL,
  value text NOT NULL,
  tlp text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (span, start, kind, value, tlp)
);
CREATE TABLE triage.stats_indicator_deltas (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  month date NOT NULL,
  kind text NOT NULL,
  value text NOT NULL,
  tlp text NOT NULL,
  n integer NOT NULL
);
-- The indicator set each incident is counted with.
CREATE TABLE triage.stats_incident_indicators (
  incident_id uuid NOT NULL,
  kind text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (incident_id, kind, value)
);

CREATE FUNCTION triage.stats_month(at timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT date_trunc('month', at AT TIME ZONE 'UTC')::date $$;

-- The bucket of a duration in milliseconds: its upper bound in whole seconds.
CREATE FUNCTION triage.stats_bucket(ms bigint) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE WHEN s <= 600 THEN s
                WHEN s <= 3600 THEN (s + 9) / 10 * 10
                WHEN s <= 86400 THEN (s + 59) / 60 * 60
                ELSE (s + 3599) / 3600 * 3600 END
    FROM (SELECT greatest(0, (ms + 999) / 1000) AS s) x
  $$;

-- The (dimension, value) keys one incident counts under; the one definition the trigger, the
-- rebuild and the readers of partial months share.
CREATE FUNCTION triage.stats_count_keys(state text, category text, submitter text,
                                        constituent text, priority smallint)
  RETURNS TABLE (dimension text, value text)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT 'state', state
    UNION ALL
    SELECT d, v FROM (VALUES ('category', coalesce(category, '')),
                             ('submitter', submitter),
                             ('constituent', coalesce(constituent, '')),
                             ('priority', priority::text)) k (d, v)
    WHERE state <> 'merged'
  $$;

-- The (metric, bucket) keys of one incident's durations, likewise shared.
CREATE FUNCTION triage.stats_duration_keys(state text, created_at timestamptz,
                                           triaged_at timestamptz, resolved_at timestamptz,
                                           sla_elapsed_ms bigint)
  RETURNS TABLE (metric text, bucket_s bigint)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT 'triage', triage.stats_bucket(
                       (extract(epoch FROM triaged_at - created_at) * 1000)::bigint)
    WHERE state <> 'merged' AND triaged_at IS NOT NULL
    UNION ALL
    SELECT 'resolve', triage.stats_bucket(sla_elapsed_ms)
    WHERE state IN ('resolved', 'closed') AND resolved_at IS NOT NULL
  $$;

CREATE FUNCTION triage.stats_on_incident() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_month date;
  new_month date;
  counts_changed boolean;
  durations_changed boolean;
  new_version boolean;
  indicators_move boolean;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    counts_changed := (OLD.created_at, OLD.tlp, OLD.state, OLD.category, OLD.submitter,
                       OLD.constituent, coalesce(OLD.severity_override, OLD.priority))
      IS DISTINCT FROM (NEW.created_at, NEW.tlp, NEW.state, NEW.category, NEW.submitter,
                        NEW.constituent, coalesce(NEW.severity_override, NEW.priority));
    durations_changed := (OLD.created_at, OLD.state, OLD.triaged_at, OLD.resolved_at,
                          OLD.sla_elapsed_ms, coalesce(OLD.severity_override, OLD.priority))
      IS DISTINCT FROM (NEW.created_at, NEW.state, NEW.triaged_at, NEW.resolved_at,
                        NEW.sla_elapsed_ms, coalesce(NEW.severity_override, NEW.priority));
    new_version := OLD.intake_version IS DISTINCT FROM NEW.intake_version;
    indicators_move := new_version OR (OLD.created_at, OLD.tlp, OLD.state = 'merged')
      IS DISTINCT FROM (NEW.created_at, NEW.tlp, NEW.state = 'merged');
  ELSE
    counts_changed := true;
    durations_changed := true;
    new_version := TG_OP = 'INSERT';
    indicators_move := true;
  END IF;
  IF TG_OP <> 'INSERT' THEN old_month := triage.stats_month(OLD.created_at); END IF;
  IF TG_OP <> 'DELETE' THEN new_month := triage.stats_month(NEW.created_at); END IF;

  IF counts_changed THEN
    INSERT INTO triage.stats_count_deltas (month, dimension, value, tlp, n)
    SELECT month, dimension, value, tlp, sum(n) FROM (
      SELECT old_month AS month, k.dimension, k.value, OLD.tlp AS tlp, -1 AS n
      FROM triage.stats_count_keys(OLD.state, OLD.category, OLD.submitter, OLD.constituent,
                                   coalesce(OLD.severity_override, OLD.priority)) k
      WHERE TG_OP <> 'INSERT'
      UNION ALL
      SELECT new_month, k.dimension, k.value, NEW.tlp, 1
      FROM triage.stats_count_keys(NEW.state, NEW.category, NEW.submitter, NEW.constituent,
                                   coalesce(NEW.severity_override, NEW.priority)) k
      WHERE TG_OP <> 'DELETE'
    ) d GROUP BY month, dimension, value, tlp HAVING sum(n) <> 0;
  END IF;

  IF durations_changed THEN
    INSERT INTO triage.stats_duration_deltas (month, metric, priority, bucket_s, n)
    SELECT month, metric, priority, bucket_s, sum(n) FROM (
      SELECT old_month AS month, k.metric, coalesce(OLD.severity_override, OLD.priority)
               AS priority, k.bucket_s, -1 AS n
      FROM triage.stats_duration_keys(OLD.state, OLD.created_at, OLD.triaged_at,
                                      OLD.resolved_at, OLD.sla_elapsed_ms) k
      WHERE TG_OP <> 'INSERT'
      UNION ALL
      SELECT new_month, k.metric, coalesce(NEW.severity_override, NEW.priority), k.bucket_s, 1
      FROM triage.stats_duration_keys(NEW.state, NEW.created_at, NEW.triaged_at,
                                      NEW.resolved_at, NEW.sla_elapsed_ms) k
      WHERE TG_OP <> 'DELETE'
    ) d GROUP BY month, metric, priority, bucket_s HAVING sum(n) <> 0;
  END IF;

  IF indicators_move THEN
    -- Out with the set counted so far, at the old month and TLP.
    IF TG_OP <> 'INSERT' AND OLD.state <> 'merged' THEN
      INSERT INTO triage.stats_indicator_deltas (month, kind, value, tlp, n)
      SELECT old_month, kind, value, OLD.tlp, -1
      FROM triage.stats_incident_indicators WHERE incident_id = OLD.incident_id;
    END IF;
    IF new_version THEN
      DELETE FROM triage.stats_incident_indicators WHERE incident_id = NEW.incident_id;
      INSERT INTO triage.stats_incident_indicators (incident_id, kind, value)
      SELECT DISTINCT NEW.incident_id, kind, value FROM intake.indicators
      WHERE incident_id = NEW.incident_id;
    END IF;
    IF TG_OP = 'DELETE' THEN
      DELETE FROM triage.stats_incident_indicators WHERE incident_id = OLD.incident_id;
    ELSIF NEW.state <> 'merged' THEN
      INSERT INTO triage.stats_indicator_deltas (month, kind, value, tlp, n)
      SELECT new_month, kind, value, NEW.tlp, 1
      FROM triage.stats_incident_indicators WHERE incident_id = NEW.incident_id;
    END IF;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER incidents_statistics AFTER INSERT OR UPDATE OR DELETE ON triage.incidents
  FOR EACH ROW EXECUTE FUNCTION triage.stats_on_incident();

-- Moves committed deltas into the month and year rows. Returns false without doing anything
-- when another compaction holds the lock (readers sum the deltas anyway, so nobody needs to
-- wait).
CREATE FUNCTION triage.stats_compact() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(7170508733938476148) THEN
    RETURN false;
  END IF;
  WITH moved AS (DELETE FROM triage.stats_count_deltas
                 RETURNING month, dimension, value, tlp, n),
       spans AS (SELECT 'm'::"char" AS span, month AS start, dimension, value, tlp, n FROM moved
                 UNION ALL
                 SELECT 'y', date_trunc('year', month)::date, dimension, value, tlp, n
                 FROM moved)
  INSERT INTO triage.stats_counts AS s (span, start, dimension, value, tlp, n)
  SELECT span, start, dimension, value, tlp, sum(n) FROM spans
  GROUP BY span, start, dimension, value, tlp
  ON CONFLICT (span, start, dimension, value, tlp) DO UPDATE SET n = s.n + EXCLUDED.n;

  WITH moved AS (DELETE FROM triage.stats_duration_deltas
                 RETURNING month, metric, priority, bucket_s, n),
       spans AS (SELECT 'm'::"char" AS span, month AS start, metric, priority, bucket_s, n
                 FROM moved
                 UNION ALL
                 SELECT 'y', date_trunc('year', month)::date, metric, priority, bucket_s, n
                 FROM moved)
  INSERT INTO triage.stats_durations AS s (span, start, metric, priority, bucket_s, n)
  SELECT span, start, metric, priority, bucket_s, sum(n) FROM spans
  GROUP BY span, start, metric, priority, bucket_s
  ON CONFLICT (span, start, metric, priority, bucket_s) DO UPDATE SET n = s.n + EXCLUDED.n;

  WITH moved AS (DELETE FROM triage.stats_indicator_deltas
                 RETURNING month, kind, value, tlp, n),
       spans AS (SELECT 'm'::"char" AS span, month AS start, kind, value, tlp, n FROM moved
                 UNION ALL
                 SELECT 'y', date_trunc('year', month)::date, kind, value, tlp, n FROM moved)
  INSERT INTO triage.stats_indicators AS s (span, start, kind, value, tlp, n)
  SELECT span, start, kind, value, tlp, sum(n) FROM spans
  GROUP BY span, start, kind, value, tlp
  ON CONFLICT (span, start, kind, value, tlp) DO UPDATE SET n = s.n + EXCLUDED.n;
  RETURN true;
END;
$$;

-- Recomputes the summary from the base rows (after a bulk load with the trigger disabled, or to
-- check the incremental figures). Waits for a running compaction. Rows it cannot see yet are
-- missed, so run it while nothing writes triage.incidents. The indicator sets are taken from
-- intake.indicators as they are now.
CREATE FUNCTION triage.stats_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7170508733938476148);
  DELETE FROM triage.stats_count_deltas;
  DELETE FROM triage.stats_duration_deltas;
  DELETE FROM triage.stats_indicator_deltas;
  DELETE FROM triage.stats_counts;
  DELETE FROM triage.stats_durations;
  DELETE FROM triage.stats_indicators;
  DELETE FROM triage.stats_incident_indicators;
  INSERT INTO triage.stats_counts (span, start, dimension, value, tlp, n)
  SELECT 'm', triage.stats_month(i.created_at), k.dimension, k.value, i.tlp, count(*)
  FROM triage.incidents i
  CROSS JOIN LATERAL triage.stats_count_keys(i.state, i.category, i.submitter, i.constituent,
                                             coalesce(i.severity_override, i.priority)) k
  GROUP BY 2, 3, 4, 5;
  INSERT INTO triage.stats_durations (span, start, metric, priority, bucket_s, n)
  SELECT 'm', triage.stats_month(i.created_at), k.metric,
         coalesce(i.severity_override, i.priority), k.bucket_s, count(*)
  FROM triage.incidents i
  CROSS JOIN LATERAL triage.stats_duration_keys(i.state, i.created_at, i.triaged_at,
                                                i.resolved_at, i.sla_elapsed_ms) k
  GROUP BY 2, 3, 4, 5;
  INSERT INTO triage.stats_incident_indicators (incident_id, kind, value)
  SELECT DISTINCT x.incident_id, x.kind, x.value
  FROM intake.indicators x JOIN triage.incidents i ON i.incident_id = x.incident_id;
  INSERT INTO triage.stats_indicators (span, start, kind, value, tlp, n)
  SELECT 'm', triage.stats_month(i.created_at), x.kind, x.value, i.tlp, count(*)
  FROM triage.stats_incident_indicators x JOIN triage.incidents i USING (incident_id)
  WHERE i.state <> 'merged'
  GROUP BY 2, 3, 4, 5;
  -- Years from months.
  INSERT INTO triage.stats_counts (span, start, dimension, value, tlp, n)
  SELECT 'y', date_trunc('year', start)::date, dimension, value, tlp, sum(n)
  FROM triage.stats_counts WHERE span = 'm' GROUP BY 2, 3, 4, 5;
  INSERT INTO triage.stats_durations (span, start, metric, priority, bucket_s, n)
  SELECT 'y', date_trunc('year', start)::date, metric, priority, bucket_s, sum(n)
  FROM triage.stats_durations WHERE span = 'm' GROUP BY 2, 3, 4, 5;
  INSERT INTO triage.stats_indicators (span, start, kind, value, tlp, n)
  SELECT 'y', date_trunc('year', start)::date, kind, value, tlp, sum(n)
  FROM triage.stats_indicators WHERE span = 'm' GROUP BY 2, 3, 4, 5;
END;
$$;
