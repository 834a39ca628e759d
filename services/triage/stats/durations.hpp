#pragma once
// Time to triage and time to resolve from duration histograms (migration triage_statistics:
// per effective priority, counts per bucket, a bucket named by its upper bound in seconds):
// how many were measured, the nearest-rank median and 90th percentile (the bound of the bucket
// holding the ceil(p x n)-th smallest duration), and how many lie within the target.
//
// Thread-safety: pure functions.

#include <cstdint>
#include <string>
#include <vector>

#include "triage/stats/statistics.hpp"

namespace ncirt::triage::stats {

struct HistogramRow {
  // "triage" or "resolve".
  std::string metric;
  int priority = 4;
  std::int64_t bucket_s = 0;
  std::int64_t n = 0;
};

// The figures of one histogram (bucket bound -> count, any order) against `target_s`
// (buckets at or below the target count as within it).
DurationFigures FromHistogram(std::vector<std::pair<std::int64_t, std::int64_t>> buckets,
                              std::optional<std::int64_t> target_s);

// Fills the triage and resolve figures of out.sla (priorities 1..4 then all, targets already
// set); the "all" row adds up each priority's within-target count.
void AssembleDurations(const std::vector<HistogramRow>& rows, std::vector<SlaRow>& sla);

// The 1-based rank of the nearest-rank percentile `percent` (50, 90) of n values: ceil(p n).
std::int64_t NearestRank(std::int64_t n, int percent);

}  // namespace ncirt::triage::stats
