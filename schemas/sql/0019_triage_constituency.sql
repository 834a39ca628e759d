-- The constituency registry (services/triage/constituency/): the organisations a CIRT serves,
-- what they own (address ranges, AS numbers, domains) and whom to call (contacts).
--
-- Time-versioned. Every fact row carries the interval [valid_from, valid_to) in which it held;
-- the current rows have valid_to = 'infinity'. A change never updates a fact in place: it
-- closes the old row (valid_to = the change's time) and inserts the new one, so "who owned
-- 192.0.2.7 on 3 March" is a query with at = 3 March. A fact registered without a start is
-- valid_from = '-infinity': the registry knows no earlier owner, so the new one also answers
-- for incidents reported before it was typed in.
--
-- Matching is by index: ranges by GiST (inet_ops, `>>=` and `<<`), AS numbers by btree,
-- domains by their reversed form (see intake.indicators) on a btree, compared with the list of
-- the indicator's own suffixes (triage.reversed_domain_suffixes) rather than with LIKE.
CREATE TABLE triage.constituents (
  -- The organisation's handle: lower-case letters, digits and '-', chosen by the CIRT.
  handle text PRIMARY KEY CHECK (handle ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  created_at timestamptz NOT NULL
);

-- Name, sector and criticality of an organisation over time.
CREATE TABLE triage.constituent_versions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  handle text NOT NULL REFERENCES triage.constituents (handle),
  name text NOT NULL CHECK (name <> '' AND length(name) <= 200),
  sector text NOT NULL,
  -- NULL: derived from the sector (services/triage/constituency/registry_types.hpp).
  criticality text CHECK (criticality IN ('vital', 'essential', 'other')),
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL DEFAULT 'infinity',
  changed_by text NOT NULL,
  CHECK (valid_from < valid_to)
);
CREATE UNIQUE INDEX constituent_versions_current ON triage.constituent_versions (handle)
  WHERE valid_to = 'infinity';
CREATE INDEX constituent_versions_handle ON triage.constituent_versions (handle, valid_from);

CREATE TABLE triage.constituent_ranges (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  handle text NOT NULL REFERENCES triage.constituents (handle),
  network cidr NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL DEFAULT 'infinity',
  changed_by text NOT NULL,
  CHECK (valid_from < valid_to)
);
CREATE INDEX constituent_ranges_network ON triage.constituent_ranges USING gist
  (network inet_ops);
CREATE INDEX constituent_ranges_handle ON triage.constituent_ranges (handle);
-- One current owner per exact network (a more specific network may belong to someone else).
CREATE UNIQUE INDEX constituent_ranges_current ON triage.constituent_ranges (network)
  WHERE valid_to = 'infinity';

CREATE TABLE triage.constituent_asns (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  handle text NOT NULL REFERENCES triage.constituents (handle),
  asn bigint NOT NULL CHECK (asn BETWEEN 0 AND 4294967295),
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL DEFAULT 'infinity',
  changed_by text NOT NULL,
  CHECK (valid_from < valid_to)
);
CREATE INDEX constituent_asns_asn ON triage.constituent_asns (asn, valid_from);
CREATE INDEX constituent_asns_handle ON triage.constituent_asns (handle);
CREATE UNIQUE INDEX constituent_asns_current ON triage.constituent_asns (asn)
  WHERE valid_to = 'infinity';

CREATE TABLE triage.constituent_domains (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  handle text NOT NULL REFERENCES triage.constituents (handle),
  domain text NOT NULL,
  -- 'example.org' -> 'org.example.', as in intake.indicators.
  domain_reversed text NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL DEFAULT 'infinity',
  changed_by text NOT NULL,
  CHECK (valid_from < valid_to)
);
CREATE INDEX constituent_domains_reversed ON triage.constituent_domains
  (domain_reversed text_pattern_ops);
CREATE INDEX constituent_domains_handle ON triage.constituent_domains (handle);
CREATE UNIQUE INDEX constituent_domains_current ON triage.constituent_domains (domain)
  WHERE valid_to = 'infinity';

CREATE TABLE triage.constituent_contacts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  handle text NOT NULL REFERENCES triage.constituents (handle),
  -- 'security', 'abuse', 'noc', 'management', ... (lower-case token).
  role text NOT NULL,
  email text NOT NULL,
  phone text NOT NULL DEFAULT '',
  -- Upper-case hex, 40 (v4) or 64 (v5) digits; '' when none.
  pgp_fingerprint text NOT NULL DEFAULT '',
  -- BCP 47 tag ('en', 'de-AT'); '' when unknown.
  language text NOT NULL DEFAULT '',
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL DEFAULT 'infinity',
  changed_by text NOT NULL,
  CHECK (valid_from < valid_to)
);
CREATE INDEX constituent_contacts_handle ON triage.constituent_contacts (handle, valid_from);

-- The organisations an incident's indicators matched, as of the incident's arrival in triage
-- (triage.incidents.created_at). Written when triage takes the incident in and rewritten for
-- open incidents whenever the registry changes; a closed incident keeps what it last had.
CREATE TABLE triage.incident_constituents (
  incident_id uuid NOT NULL REFERENCES intake.incidents (id),
  handle text NOT NULL REFERENCES triage.constituents (handle),
  -- The registry version the match read (name, sector, criticality as they were).
  version_id bigint NOT NULL REFERENCES triage.constituent_versions (id),
  -- What matched: 'range' / 'asn' / 'domain', the registry entry, and the indicator.
  via text NOT NULL CHECK (via IN ('range', 'asn', 'domain')),
  entry text NOT NULL,
  indicator_kind text NOT NULL,
  indicator text NOT NULL,
  -- Longer prefix / more labels = more specific; orders organisations on the incident.
  specificity integer NOT NULL,
  matched_at timestamptz NOT NULL,
  PRIMARY KEY (incident_id, handle, indicator_kind, indicator)
);
CREATE INDEX incident_constituents_handle ON triage.incident_constituents (handle);

-- Correlation settings a lead may change (services/triage/correlation/): one row.
CREATE TABLE triage.correlation_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  -- An indicator shared by more incidents than this lists only this many, with "and N more".
  common_cap integer NOT NULL CHECK (common_cap BETWEEN 1 AND 1000),
  -- Counting stops here; a larger count is reported as "at least".
  count_limit integer NOT NULL CHECK (count_limit BETWEEN 10 AND 1000000),
  -- A duplicate proposal needs an open incident received within this many seconds.
  duplicate_window_s integer NOT NULL CHECK (duplicate_window_s > 0),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (count_limit > common_cap)
);
INSERT INTO triage.correlation_settings (common_cap, count_limit, duplicate_window_s, updated_by)
  VALUES (20, 1000, 604800, 'migration');

-- The reversed forms of a domain and of each of its parents with at least `min_labels` labels:
-- ('com.example.www.', 2) -> {'com.example.', 'com.example.www.'}.
CREATE FUNCTION triage.reversed_domain_suffixes(reversed text, min_labels integer)
  RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(array_to_string(labels[1:k], '.') || '.' ORDER BY k), '{}')
    FROM (SELECT string_to_array(rtrim(reversed, '.'), '.') AS labels) s,
         generate_series(greatest(min_labels, 1), cardinality(labels)) k
  $$;

