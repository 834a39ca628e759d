-- Normalised indicators (ncirt.v1.NormalizedIndicator), one row each, so correlation and
-- constituency lookup are joins on indexes rather than scans of protobuf bytes:
--   address          addresses and networks as inet; the GiST index (inet_ops) answers
--                    containment (<<=, >>=) and overlap (&&) for ranges
--   domain_reversed  the labels of a domain in reverse order, each followed by a dot
--                    ('www.example.com' -> 'com.example.www.'), so "example.com and all its
--                    subdomains" is the prefix 'com.example.' on a btree (text_pattern_ops).
--                    Filled for domains, URL hosts and e-mail domains.
--   (kind, value)    exact matches of every kind (hashes, URLs, ASNs, e-mail addresses)
-- Rows are replaced with the incident's current version.
CREATE TABLE intake.indicators (
  incident_id uuid NOT NULL REFERENCES intake.incidents (id) ON DELETE CASCADE,
  -- 'ipv4-address', 'ipv6-address', 'ipv4-network', 'ipv6-network', 'domain', 'url', 'email',
  -- 'hash', 'asn'.
  kind text NOT NULL,
  value text NOT NULL,
  address inet,
  domain_reversed text,
  hash_algorithm text NOT NULL DEFAULT '',
  role text NOT NULL DEFAULT ''
);
CREATE INDEX indicators_incident ON intake.indicators (incident_id);
CREATE INDEX indicators_address ON intake.indicators USING gist (address inet_ops)
  WHERE address IS NOT NULL;
CREATE INDEX indicators_domain ON intake.indicators (domain_reversed text_pattern_ops)
  WHERE domain_reversed IS NOT NULL;
CREATE INDEX indicators_kind_value ON intake.indicators (kind, value);
