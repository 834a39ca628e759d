#include "triage/stats/restricted_reads.hpp"

#include <map>

#include <nlohmann/json.hpp>

namespace ncirt::triage::stats {

bool IsRestricted(Tlp tlp) { return tlp >= Tlp::kAmber; }

RestrictedItems FindRestricted(const Statistics& s, const std::vector<CountRow>& rows) {
  RestrictedItems out;
  for (const IndicatorCount& i : s.top_indicators) {
    if (!IsRestricted(i.marking)) continue;
    ++out.indicators;
    out.highest = std::max(out.highest, i.marking);
  }
  const std::string dimension = s.constituency_known ? "organisation" : "constituent";
  for (const Count& organisation : s.top_organisations) {
    // Per marking: a summary row and its uncompacted deltas may cancel out.
    std::map<Tlp, std::int64_t> by_marking;
    for (const CountRow& row : rows) {
      if (row.dimension != dimension || row.value != organisation.key) continue;
      const auto tlp = ParseTlp(row.tlp);
      if (tlp && *tlp <= s.ceiling) by_marking[*tlp] += row.n;
    }
    std::optional<Tlp> highest;
    for (const auto& [tlp, n] : by_marking) {
      if (n > 0) highest = tlp;
    }
    if (!highest || !IsRestricted(*highest)) continue;
    ++out.organisations;
    out.highest = std::max(out.highest, *highest);
  }
  return out;
}

std::optional<std::string> RestrictedReadDetail(const Statistics& s, std::string_view report) {
  if (s.restricted.indicators == 0 && s.restricted.organisations == 0) return std::nullopt;
  return nlohmann::json{{"report", report},
                        {"from", FormatInstant(s.period.from)},
                        {"to", FormatInstant(s.period.to)},
                        {"tlp_ceiling", TlpName(s.ceiling)},
                        {"highest_tlp", TlpName(s.restricted.highest)},
                        {"restricted_indicators", s.restricted.indicators},
                        {"restricted_organisations", s.restricted.organisations}}
      .dump();
}

std::string RefusedReadDetail(std::string_view report, const Period& period, Tlp asked,
                              Tlp role_ceiling) {
  return nlohmann::json{{"report", report},
                        {"from", FormatInstant(period.from)},
                        {"to", FormatInstant(period.to)},
                        {"tlp_asked", TlpName(asked)},
                        {"role_ceiling", TlpName(role_ceiling)}}
      .dump();
}

}  // namespace ncirt::triage::stats
