#include "triage/stats/durations.hpp"

#include <algorithm>

namespace ncirt::triage::stats {

std::int64_t NearestRank(std::int64_t n, int percent) {
  return std::max<std::int64_t>(1, (n * percent + 99) / 100);
}

DurationFigures FromHistogram(std::vector<std::pair<std::int64_t, std::int64_t>> buckets,
                              std::optional<std::int64_t> target_s) {
  std::sort(buckets.begin(), buckets.end());
  DurationFigures out;
  for (const auto& [bound, n] : buckets) {
    out.measured += n;
    if (target_s && bound <= *target_s) out.within_target += n;
  }
  if (out.measured == 0) return out;
  const std::int64_t median_rank = NearestRank(out.measured, 50);
  const std::int64_t p90_rank = NearestRank(out.measured, 90);
  std::int64_t seen = 0;
  for (const auto& [bound, n] : buckets) {
    seen += n;
    if (!out.median_ms && seen >= median_rank) out.median_ms = bound * 1000;
    if (!out.p90_ms && seen >= p90_rank) out.p90_ms = bound * 1000;
  }
  return out;
}

void AssembleDurations(const std::vector<HistogramRow>& rows, std::vector<SlaRow>& sla) {
  using Buckets = std::vector<std::pair<std::int64_t, std::int64_t>>;
  Buckets triage[4], resolve[4], triage_all, resolve_all;
  for (const HistogramRow& row : rows) {
    if (row.priority < 1 || row.priority > 4 || row.n == 0) continue;
    const bool is_triage = row.metric == "triage";
    (is_triage ? triage : resolve)[row.priority - 1].emplace_back(row.bucket_s, row.n);
    (is_triage ? triage_all : resolve_all).emplace_back(row.bucket_s, row.n);
  }
  SlaRow& all = sla.back();
  all.triage = FromHistogram(std::move(triage_all), std::nullopt);
  all.resolve = FromHistogram(std::move(resolve_all), std::nullopt);
  for (int p = 0; p < 4 && p + 1 < static_cast<int>(sla.size()); ++p) {
    SlaRow& row = sla[static_cast<std::size_t>(p)];
    row.triage = FromHistogram(std::move(triage[p]), row.triage_target_s);
    row.resolve = FromHistogram(std::move(resolve[p]), row.resolve_target_s);
    all.triage.within_target += row.triage.within_target;
    all.resolve.within_target += row.resolve.within_target;
  }
}

}  // namespace ncirt::triage::stats
