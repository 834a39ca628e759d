#include "triage/stats/export.hpp"

namespace ncirt::triage::stats {
namespace {

using nlohmann::json;

json CountsJson(const std::vector<Count>& counts, const char* key_name) {
  json out = json::array();
  for (const Count& c : counts) out.push_back({{key_name, c.key}, {"incidents", c.incidents}});
  return out;
}

json Optional(const std::optional<std::int64_t>& value) {
  return value ? json(*value) : json(nullptr);
}

json DurationJson(const DurationFigures& d) {
  return {{"measured", d.measured},
          {"median_ms", Optional(d.median_ms)},
          {"p90_ms", Optional(d.p90_ms)},
          {"within_target", d.within_target}};
}

json SlaJson(const SlaRow& row) {
  return {{"priority", row.priority ? json(*row.priority) : json("all")},
          {"time_to_triage_target_s", Optional(row.triage_target_s)},
          {"time_to_resolve_target_s", Optional(row.resolve_target_s)},
          {"time_to_triage", DurationJson(row.triage)},
          {"time_to_resolve", DurationJson(row.resolve)}};
}

class Csv {
 public:
  Csv() { text_ = "section,key,measure,value\r\n"; }
  void Row(std::string_view section, std::string_view key, std::string_view measure,
           const std::string& value) {
    text_ += CsvField(section) + "," + CsvField(key) + "," + CsvField(measure) + "," +
             CsvField(value) + "\r\n";
  }
  void Row(std::string_view section, std::string_view key, std::string_view measure,
           std::int64_t value) {
    Row(section, key, measure, std::to_string(value));
  }
  void Row(std::string_view section, std::string_view key, std::string_view measure,
           const std::optional<std::int64_t>& value) {
    Row(section, key, measure, value ? std::to_string(*value) : std::string());
  }
  void Counts(std::string_view section, const std::vector<Count>& counts) {
    for (const Count& c : counts) Row(section, c.key, "incidents", c.incidents);
  }
  void Duration(const std::string& key, std::string_view measure, const DurationFigures& d) {
    const std::string m(measure);
    Row("sla", key, m + "_measured", d.measured);
    Row("sla", key, m + "_median_ms", d.median_ms);
    Row("sla", key, m + "_p90_ms", d.p90_ms);
    Row("sla", key, m + "_within_target", d.within_target);
  }
  std::string Take() { return std::move(text_); }

 private:
  std::string text_;
};

}  // namespace

std::string CsvField(std::string_view text) {
  std::string field(text);
  if (!field.empty() && (field[0] == '=' || field[0] == '+' || field[0] == '-' ||
                         field[0] == '@' || field[0] == '\t' || field[0] == '\r')) {
    // A number such as -1 is data, not a formula; only defuse text.
    const bool numeric = field.find_first_not_of("-0123456789") == std::string::npos &&
                         field.size() > 1 && field[0] == '-';
    if (!numeric) field = "'" + field;
  }
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

json StatisticsJson(const Statistics& s) {
  json sources = json::array();
  for (const SourceCount& c : s.by_source) {
    sources.push_back({{"submitter", c.submitter},
                       {"kind", c.kind},
                       {"partner", c.partner.empty() ? json(nullptr) : json(c.partner)},
                       {"country", c.country.empty() ? json(nullptr) : json(c.country)},
                       {"incidents", c.incidents}});
  }
  json sla = json::array();
  for (const SlaRow& row : s.sla) sla.push_back(SlaJson(row));
  json partners = json::array();
  for (const PartnerShares& p : s.partners) {
    partners.push_back({{"partner", p.partner},
                        {"country", p.country},
                        {"sent", p.sent},
                        {"delivered", p.delivered},
                        {"pending", p.pending},
                        {"refused_by_partner", p.refused_by_partner},
                        {"refused_by_policy", p.refused_by_policy},
                        {"received", p.received},
                        {"received_applied", p.received_applied}});
  }
  json indicators = json::array();
  for (const IndicatorCount& i : s.top_indicators) {
    indicators.push_back({{"kind", i.kind}, {"value", i.value}, {"incidents", i.incidents}});
  }
  return {{"period", {{"from", FormatInstant(s.period.from)}, {"to", FormatInstant(s.period.to)}}},
          {"tlp_ceiling", TlpName(s.ceiling)},
          {"constituency_known", s.constituency_known},
          {"incidents", s.incidents},
          {"merged_duplicates", s.merged},
          {"by_category", CountsJson(s.by_category, "category")},
          {"by_class", CountsJson(s.by_class, "class")},
          {"by_sector", CountsJson(s.by_sector, "sector")},
          {"by_critical_infrastructure", CountsJson(s.by_critical_infrastructure, "status")},
          {"by_source", sources},
          {"by_source_kind", CountsJson(s.by_source_kind, "kind")},
          {"by_partner_country", CountsJson(s.by_partner_country, "country")},
          {"by_tlp", CountsJson(s.by_tlp, "tlp")},
          {"by_state", CountsJson(s.by_state, "state")},
          {"by_priority", CountsJson(s.by_priority, "priority")},
          {"by_month", CountsJson(s.by_month, "month")},
          {"sla", sla},
          {"partners", partners},
          {"top_indicators", indicators},
          {"top_organisations", CountsJson(s.top_organisations, "organisation")}};
}

std::string StatisticsCsv(const Statistics& s) {
  Csv csv;
  csv.Row("period", "from", "instant", FormatInstant(s.period.from));
  csv.Row("period", "to", "instant", FormatInstant(s.period.to));
  csv.Row("period", "tlp_ceiling", "tlp", std::string(TlpName(s.ceiling)));
  csv.Row("total", "incidents", "incidents", s.incidents);
  csv.Row("total", "merged_duplicates", "incidents", s.merged);
  csv.Counts("category", s.by_category);
  csv.Counts("class", s.by_class);
  csv.Counts("sector", s.by_sector);
  csv.Counts("critical_infrastructure", s.by_critical_infrastructure);
  for (const SourceCount& c : s.by_source) csv.Row("source", c.submitter, "incidents", c.incidents);
  csv.Counts("source_kind", s.by_source_kind);
  csv.Counts("partner_country", s.by_partner_country);
  csv.Counts("tlp", s.by_tlp);
  csv.Counts("state", s.by_state);
  csv.Counts("priority", s.by_priority);
  csv.Counts("month", s.by_month);
  for (const SlaRow& row : s.sla) {
    const std::string key = row.priority ? "P" + std::to_string(*row.priority) : "all";
    csv.Row("sla", key, "time_to_triage_target_s", row.triage_target_s);
    csv.Row("sla", key, "time_to_resolve_target_s", row.resolve_target_s);
    csv.Duration(key, "time_to_triage", row.triage);
    csv.Duration(key, "time_to_resolve", row.resolve);
  }
  for (const PartnerShares& p : s.partners) {
    csv.Row("partner", p.partner, "sent", p.sent);
    csv.Row("partner", p.partner, "delivered", p.delivered);
    csv.Row("partner", p.partner, "pending", p.pending);
    csv.Row("partner", p.partner, "refused_by_partner", p.refused_by_partner);
    csv.Row("partner", p.partner, "refused_by_policy", p.refused_by_policy);
    csv.Row("partner", p.partner, "received", p.received);
    csv.Row("partner", p.partner, "received_applied", p.received_applied);
  }
  for (const IndicatorCount& i : s.top_indicators) {
    csv.Row("top_indicator", i.kind + " " + i.value, "incidents", i.incidents);
  }
  csv.Counts("top_organisation", s.top_organisations);
  return csv.Take();
}

}  // namespace ncirt::triage::stats
