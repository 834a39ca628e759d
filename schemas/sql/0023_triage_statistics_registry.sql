-- The constituency registry's figures in the statistics summary (services/triage/stats/): the
-- sectors, critical-infrastructure status and affected organisations of each month's and
-- year's incidents, kept exact by triggers like the other dimensions of migration
-- triage_statistics, instead of being counted from triage.incident_constituents at request
-- time (825,000 match rows took 5 s for one year; docs/benchmarks.md).
--
-- Keys. From its match rows, an incident has
--   ('organisation', handle)  once per matched organisation, and
--   ('sectors', 'energy,health')  once: the sorted, distinct sectors of the registry versions
--                                 its matches read, joined by ','.
-- An incident with no match has no key. The reader (stats_store.cpp, breakdowns.hpp) splits
-- each sector set: an incident counts once in each of its sectors, once as matched, and once
-- as critical infrastructure when any of its sectors is one; which sectors those are stays in
-- one place (constituency/registry_types.hpp), not here.
-- The keys count, like the other dimensions, in stats_counts / stats_count_deltas under the
-- incident's arrival month and TLP, merged duplicates excluded.
--
-- How they stay exact. stats_incident_registry holds the keys each incident is counted with;
-- they always equal what its match rows say (stats_registry_keys), whether or not triage has
-- the incident yet (intake's path matches before it inserts the triage row). The invariant:
--   counted keys of an incident = its stats_incident_registry rows at the arrival month and
--   TLP of its triage row, when that row exists and is not merged; nothing otherwise.
-- Three triggers keep it, each in the changing transaction:
--   - a change of match rows (statement triggers on triage.incident_constituents: matching,
--     re-matching after a registry change, deletes) re-derives the keys of the incidents it
--     touched and writes +1 / -1 deltas for the keys gained / lost at the triage row's month
--     and TLP;
--   - a change of a triage row's arrival, TLP or merged state (or its insert or delete) moves
--     its keys: -1 at the old month and TLP, +1 at the new, as triage_statistics does for
--     indicators;
--   - a registry version's sector changed in place (the registry never does that: it closes a
--     version and opens another; this keeps the figures right if someone does) re-derives the
--     keys of the incidents whose matches read that version.
-- The first two read each other's table, so both take the same lock per incident
-- (stats_registry_lock) before reading: whichever runs second waits for the first to commit
-- and then, under READ COMMITTED (every writer of these tables), reads what it committed.
-- stats_rebuild() recomputes everything from the base rows; the integration tests compare the
-- two after matches, re-matches, updates, merges and a concurrent re-match.

ALTER TABLE triage.stats_counts DROP CONSTRAINT stats_counts_dimension_check;
ALTER TABLE triage.stats_counts ADD CONSTRAINT stats_counts_dimension_check
  CHECK (dimension IN ('category', 'state', 'submitter', 'constituent', 'priority',
                       'sectors', 'organisation'));

CREATE TABLE triage.stats_incident_registry (
  incident_id uuid NOT NULL,
  dimension text NOT NULL CHECK (dimension IN ('sectors', 'organisation')),
  value text NOT NULL,
  PRIMARY KEY (incident_id, dimension, value)
);

-- The keys an incident's match rows give it now.
CREATE FUNCTION triage.stats_registry_keys(incident uuid)
  RETURNS TABLE (dimension text, value text)
  LANGUAGE sql STABLE
  AS $$
    SELECT 'organisation', handle FROM triage.incident_constituents
    WHERE incident_id = incident GROUP BY handle
    UNION ALL
    SELECT 'sectors', string_agg(DISTINCT v.sector, ',' ORDER BY v.sector)
    FROM triage.incident_constituents c JOIN triage.constituent_versions v ON v.id = c.version_id
    WHERE c.incident_id = incident HAVING count(*) > 0
  $$;

-- Serialises the registry triggers per incident: a row lock on the incident's intake row,
-- which exists before its match rows and its triage row (both reference it). A row lock lives
-- in the row, not in the shared lock table, so a statement that touches 100,000 incidents
-- takes 100,000 of them without running out of lock slots; it does not block the foreign-key
-- checks of other writers (FOR KEY SHARE).
CREATE FUNCTION triage.stats_registry_lock(incident uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM FROM intake.incidents WHERE id = incident FOR NO KEY UPDATE;
END;
$$;

-- Re-derives the keys of `ids` and writes the deltas of what changed.
CREATE FUNCTION triage.stats_registry_sync(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  one uuid;
  at_month date;
  at_tlp text;
  counted boolean;
BEGIN
  -- In a fixed order, so two statements touching the same incidents cannot deadlock here.
  FOR one IN SELECT DISTINCT u FROM unnest(ids) u WHERE u IS NOT NULL ORDER BY 1 LOOP
    PERFORM triage.stats_registry_lock(one);
    SELECT triage.stats_month(created_at), tlp, state <> 'merged'
      INTO at_month, at_tlp, counted
      FROM triage.incidents WHERE incident_id = one;
    counted := FOUND AND counted;
    WITH now_keys AS (SELECT k.dimension, k.value FROM triage.stats_registry_keys(one) k),
         lost AS (DELETE FROM triage.stats_incident_registry r
                  WHERE r.incident_id = one
                    AND (r.dimension, r.value) NOT IN (SELECT dimension, value FROM now_keys)
                  RETURNING r.dimension, r.value),
         gained AS (INSERT INTO triage.stats_incident_registry (incident_id, dimension, value)
                    SELECT one, dimension, value FROM now_keys
                    ON CONFLICT DO NOTHING
                    RETURNING dimension, value)
    INSERT INTO triage.stats_count_deltas (month, dimension, value, tlp, n)
    SELECT at_month, dimension, value, at_tlp, -1 FROM lost WHERE counted
    UNION ALL
    SELECT at_month, dimension, value, at_tlp, 1 FROM gained WHERE counted;
  END LOOP;
END;
$$;

CREATE FUNCTION triage.stats_on_matches() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM triage.stats_registry_sync(ARRAY(SELECT incident_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM triage.stats_registry_sync(ARRAY(SELECT incident_id FROM old_rows));
  ELSE
    PERFORM triage.stats_registry_sync(ARRAY(SELECT incident_id FROM old_rows
                                             UNION SELECT incident_id FROM new_rows));
  END IF;
  RETURN NULL;
END;
$$;

-- Statement triggers: a statement that writes many match rows re-derives each incident once.
-- (A transition table allows one event per trigger, hence three.)
CREATE TRIGGER incident_constituents_statistics_insert
  AFTER INSERT ON triage.incident_constituents REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION triage.stats_on_matches();
CREATE TRIGGER incident_constituents_statistics_delete
  AFTER DELETE ON triage.incident_constituents REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION triage.stats_on_matches();
CREATE TRIGGER incident_constituents_statistics_update
  AFTER UPDATE ON triage.incident_constituents
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION triage.stats_on_matches();

CREATE FUNCTION triage.stats_on_incident_registry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.incident_id, OLD.created_at, OLD.tlp, OLD.state = 'merged')
       IS NOT DISTINCT FROM (NEW.incident_id, NEW.created_at, NEW.tlp, NEW.state = 'merged') THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM triage.stats_registry_lock(OLD.incident_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM triage.stats_registry_lock(NEW.incident_id); END IF;
  INSERT INTO triage.stats_count_deltas (month, dimension, value, tlp, n)
  SELECT month, dimension, value, tlp, sum(n) FROM (
    SELECT triage.stats_month(OLD.created_at) AS month, r.dimension, r.value, OLD.tlp AS tlp,
           -1 AS n
    FROM triage.stats_incident_registry r
    WHERE TG_OP <> 'INSERT' AND OLD.state <> 'merged' AND r.incident_id = OLD.incident_id
    UNION ALL
    SELECT triage.stats_month(NEW.created_at), r.dimension, r.value, NEW.tlp, 1
    FROM triage.stats_incident_registry r
    WHERE TG_OP <> 'DELETE' AND NEW.state <> 'merged' AND r.incident_id = NEW.incident_id
  ) d GROUP BY month, dimension, value, tlp HAVING sum(n) <> 0;
  RETURN NULL;
END;
$$;

CREATE TRIGGER incidents_statistics_registry AFTER INSERT OR DELETE OR UPDATE OF incident_id,
  created_at, tlp, state ON triage.incidents
  FOR EACH ROW EXECUTE FUNCTION triage.stats_on_incident_registry();

-- Finds the matches that read a version by scanning them: the registry never changes a
-- version's sector, so this runs only if someone does by hand.
CREATE FUNCTION triage.stats_on_version_sector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM triage.stats_registry_sync(ARRAY(
    SELECT DISTINCT incident_id FROM triage.incident_constituents WHERE version_id = NEW.id));
  RETURN NULL;
END;
$$;

CREATE TRIGGER constituent_versions_statistics AFTER UPDATE OF sector
  ON triage.constituent_versions FOR EACH ROW WHEN (OLD.sector IS DISTINCT FROM NEW.sector)
  EXECUTE FUNCTION triage.stats_on_version_sector();

-- stats_rebuild() now rebuilds the registry keys too: the rebuild of migration
-- triage_statistics (which empties every summary row, these dimensions' included) runs first
-- under its old name, then the registry part adds its month and year rows.
ALTER FUNCTION triage.stats_rebuild() RENAME TO stats_rebuild_incidents;

CREATE FUNCTION triage.stats_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM triage.stats_rebuild_incidents();
  DELETE FROM triage.stats_incident_registry;
  INSERT INTO triage.stats_incident_registry (incident_id, dimension, value)
  SELECT incident_id, 'organisation', handle FROM triage.incident_constituents
  GROUP BY incident_id, handle
  UNION ALL
  SELECT c.incident_id, 'sectors', string_agg(DISTINCT v.sector, ',' ORDER BY v.sector)
  FROM triage.incident_constituents c JOIN triage.constituent_versions v ON v.id = c.version_id
  GROUP BY c.incident_id;
  INSERT INTO triage.stats_counts (span, start, dimension, value, tlp, n)
  SELECT 'm', triage.stats_month(i.created_at), r.dimension, r.value, i.tlp, count(*)
  FROM triage.stats_incident_registry r JOIN triage.incidents i USING (incident_id)
  WHERE i.state <> 'merged'
  GROUP BY 2, 3, 4, 5;
  INSERT INTO triage.stats_counts (span, start, dimension, value, tlp, n)
  SELECT 'y', date_trunc('year', start)::date, dimension, value, tlp, sum(n)
  FROM triage.stats_counts WHERE span = 'm' AND dimension IN ('sectors', 'organisation')
  GROUP BY 2, 3, 4, 5;
END;
$$;
