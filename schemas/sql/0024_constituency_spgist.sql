-- Address look-ups of constituency matching and correlation on SP-GiST instead of GiST.
--
-- Both indexes answer one address at a time (`network >>= address`, `address && address`).
-- GiST's inet_ops keeps overlapping, lossy boxes, so a single-address probe of intake.indicators
-- read about 100 pages at 1,000,000 incidents (230 for an IPv6 address); SP-GiST's inet_ops is
-- a radix tree over the address bits and reads 7 to 9 (bench/constituency, docs/benchmarks.md).
-- SP-GiST's inet_ops supports every operator these queries use (<<, <<=, >>, >>=, &&, =).
DROP INDEX intake.indicators_address;
CREATE INDEX indicators_address ON intake.indicators USING spgist (address inet_ops)
  WHERE address IS NOT NULL;
DROP INDEX triage.constituent_ranges_network;
CREATE INDEX constituent_ranges_network ON triage.constituent_ranges USING spgist
  (network inet_ops);
