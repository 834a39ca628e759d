#include "generated_year.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "triage/stats/breakdowns.hpp"

namespace ncirt::triage::stats::testing {
namespace {

constexpr std::array kTlps{"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"};
constexpr std::array kCategories{"fraud/phishing",
                                 "availability/ddos",
                                 "malicious-code/infected-system",
                                 "information-gathering/scanner",
                                 "intrusions/system-compromise",
                                 "abusive-content/spam"};
constexpr std::array kStates{"new",      "triaged", "in_progress", "waiting",
                             "resolved", "closed",  "rejected",    "merged"};
constexpr std::array kOutboxStates{"delivered", "pending", "refused"};
// The default SLA targets of migration triage_incidents, per priority 1..4.
constexpr std::array<std::array<std::int64_t, 2>, 4> kTargets{
    {{900, 14400}, {3600, 86400}, {14400, 259200}, {86400, 1209600}}};

std::string Id(int i) {
  char text[40];
  std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", i);
  return text;
}

GeneratedIncident Make(int i, std::int64_t created_ms) {
  GeneratedIncident g;
  g.id = Id(i);
  g.created_ms = created_ms;
  g.tlp = kTlps[i % 5];
  if (i % 11 != 0) g.category = kCategories[i % 6];
  if (i % 10 == 0) {
    g.submitter = "partner:cert-fr";
  } else if (i % 10 == 1) {
    g.submitter = "partner:cert-de";
  } else if (i % 10 == 2) {
    g.submitter = "partner:gone";
  } else {
    g.submitter = "sensor-" + std::to_string(i % 4);
  }
  if (i % 3 != 0) g.constituent = "org-" + std::to_string(i % 7);
  g.priority = 1 + i % 4;
  if (i % 13 == 0) g.severity_override = 1;
  g.state = kStates[i % 8];
  if (g.state == "merged") g.merged_into = Id(i - 1);
  if (g.state != "new") {
    g.triaged_ms = ((i * 7919) % 997 + 1) * 13'000LL;
    g.sla_elapsed_ms = *g.triaged_ms;
  }
  if (g.state == "resolved" || g.state == "closed") {
    g.resolved_at_ms = created_ms + *g.triaged_ms + 3'600'000;
    g.sla_elapsed_ms = *g.triaged_ms + ((i * 104729) % 991 + 1) * 60'000LL;
  } else if (g.state == "in_progress" && i % 16 == 2) {
    // Reopened: resolved once, running again; not a resolution any more.
    g.resolved_at_ms = created_ms + 7'200'000;
    g.sla_elapsed_ms = 99'000'000;
  }
  g.indicators.emplace_back("ipv4-address", "192.0.2." + std::to_string(i % 20));
  if (i % 3 == 0) g.indicators.emplace_back("domain", "d" + std::to_string(i % 5) + ".example");
  if (g.tlp == std::string("RED")) g.indicators.emplace_back("ipv4-address", "198.51.100.1");
  if (i % 50 == 0) g.indicators.push_back(g.indicators.front());
  return g;
}

// A PostgreSQL array literal with every element quoted, or NULL.
std::string Array(const std::vector<std::optional<std::string>>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ",";
    if (!values[i]) {
      out += "NULL";
      continue;
    }
    out += "\"";
    for (char c : *values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += "\"";
  }
  return out + "}";
}

template <typename F>
std::string Column(const std::vector<GeneratedIncident>& rows, F f) {
  std::vector<std::optional<std::string>> values;
  for (const auto& row : rows) values.push_back(f(row));
  return Array(values);
}

std::optional<std::string> Num(std::optional<std::int64_t> v) {
  return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}

void Add(std::vector<Count>& counts, const std::string& key, std::int64_t n = 1) {
  for (Count& c : counts) {
    if (c.key == key) {
      c.incidents += n;
      return;
    }
  }
  counts.push_back({key, n});
}

// The bucket bound (ms) of a duration, as migration triage_statistics defines it: whole
// seconds up to 10 min, 10 s up to 1 h, 1 min up to 1 day, 1 h beyond, rounded up.
std::int64_t BucketMs(std::int64_t ms) {
  const std::int64_t s = std::max<std::int64_t>(0, (ms + 999) / 1000);
  const std::int64_t step = s <= 600 ? 1 : s <= 3600 ? 10 : s <= 86400 ? 60 : 3600;
  return (s + step - 1) / step * step * 1000;
}

// Nearest rank: the ceil(p n)-th smallest value, in its bucket.
std::optional<std::int64_t> Rank(std::vector<std::int64_t> values, int percent) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  const std::size_t k =
      std::max<std::size_t>(1, (n * static_cast<std::size_t>(percent) + 99) / 100);
  return BucketMs(values[k - 1]);
}

void Durations(const std::vector<const GeneratedIncident*>& rows, SlaRow& row) {
  std::vector<std::int64_t> triage, resolve;
  for (const GeneratedIncident* g : rows) {
    const auto& target = kTargets[static_cast<std::size_t>(g->EffectivePriority() - 1)];
    if (g->triaged_ms) {
      triage.push_back(*g->triaged_ms);
      row.triage.within_target += *g->triaged_ms <= target[0] * 1000;
    }
    if ((g->state == "resolved" || g->state == "closed") && g->resolved_at_ms) {
      resolve.push_back(g->sla_elapsed_ms);
      row.resolve.within_target += g->sla_elapsed_ms <= target[1] * 1000;
    }
  }
  row.triage.measured = static_cast<std::int64_t>(triage.size());
  row.triage.median_ms = Rank(triage, 50);
  row.triage.p90_ms = Rank(triage, 90);
  row.resolve.measured = static_cast<std::int64_t>(resolve.size());
  row.resolve.median_ms = Rank(resolve, 50);
  row.resolve.p90_ms = Rank(resolve, 90);
}

}  // namespace

std::int64_t DateMs(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return duration_cast<milliseconds>(
             sys_days{year{y} / month{m} / day{d}}.time_since_epoch())
      .count();
}

GeneratedYear GenerateYear() {
  GeneratedYear year;
  const std::int64_t start = DateMs(2025, 1, 1);
  for (int i = 0; i < kYearIncidents; ++i) {
    year.incidents.push_back(Make(i, start + i * 26'280'000LL));
  }
  year.incidents.push_back(Make(kYearIncidents, DateMs(2026, 1, 1)));
  year.incidents.push_back(Make(kYearIncidents + 1, start - 1));
  for (int i = 0; i < kYearIncidents + 2; ++i) {
    const std::int64_t at = year.incidents[static_cast<std::size_t>(i)].created_ms;
    if (i % 10 == 5) year.shares.push_back({"cert-fr", at, kOutboxStates[i % 3]});
    if (i % 25 == 0) year.shares.push_back({"cert-de", at, "policy"});
    if (i % 10 == 0) {
      year.shares.push_back({"cert-fr", at, i % 20 == 0 ? "received-duplicate" : "received"});
    }
  }
  return year;
}

void WriteYear(const std::string& dsn, const GeneratedYear& year) {
  pqxx::connection c(dsn);
  pqxx::work w(c);
  const auto& rows = year.incidents;
  const auto document = w.exec1(
      "INSERT INTO intake.documents (sha256, format, media_type, content, submitter) VALUES "
      "('00', 'iodef-v2-xml', 'application/xml', '\\x00'::bytea, 'gen') RETURNING id")[0]
                            .as<std::int64_t>();
  const std::string ids = Column(rows, [](auto& g) { return std::optional(g.id); });
  w.exec_params0(
      "INSERT INTO intake.incidents (id, iodef_id, iodef_name, version, fingerprint, tlp, "
      "purpose, submitter, document_id, incident_index, model) SELECT u.id, 'G-' || u.id, "
      "'gen', 1, 'f', u.tlp, 'reporting', u.submitter, $4, 0, '\\x'::bytea "
      "FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u (id, tlp, submitter)",
      ids, Column(rows, [](auto& g) { return std::optional(g.tlp); }),
      Column(rows, [](auto& g) { return std::optional(g.submitter); }), document);
  std::vector<std::optional<std::string>> ind_ids, kinds, values, roles;
  for (const auto& g : rows) {
    for (std::size_t k = 0; k < g.indicators.size(); ++k) {
      ind_ids.push_back(g.id);
      kinds.push_back(g.indicators[k].first);
      values.push_back(g.indicators[k].second);
      roles.push_back("role-" + std::to_string(k));
    }
  }
  w.exec_params0(
      "INSERT INTO intake.indicators (incident_id, kind, value, role) SELECT * FROM "
      "unnest($1::uuid[], $2::text[], $3::text[], $4::text[])",
      Array(ind_ids), Array(kinds), Array(values), Array(roles));
#define TS(n) "('epoch'::timestamptz + " n " * interval '1 millisecond')"
  w.exec_params0(
      "INSERT INTO triage.incidents (incident_id, state, priority, score, intake_version, tlp, "
      "submitter, constituent, category, severity_override, sla_elapsed_ms, triaged_at, "
      "resolved_at, merged_into, created_at, updated_at, triage_due_at) "
      "SELECT u.id, u.state, u.priority, 0, 1, u.tlp, u.submitter, u.constituent, u.category, "
      "u.override, u.elapsed, " TS("(u.created + u.triaged)") ", " TS("u.resolved") ", "
      "u.merged_into, " TS("u.created") ", " TS("u.created") ", " TS("(u.created + 3600000)")
      " FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::text[], $5::text[], "
      "$6::text[], $7::text[], $8::smallint[], $9::bigint[], $10::bigint[], $11::bigint[], "
      "$12::uuid[], $13::bigint[]) AS u (id, state, priority, tlp, submitter, constituent, "
      "category, override, elapsed, triaged, resolved, merged_into, created)",
      ids, Column(rows, [](auto& g) { return std::optional(g.state); }),
      Column(rows, [](auto& g) { return std::optional(std::to_string(g.priority)); }),
      Column(rows, [](auto& g) { return std::optional(g.tlp); }),
      Column(rows, [](auto& g) { return std::optional(g.submitter); }),
      Column(rows, [](auto& g) { return g.constituent; }),
      Column(rows, [](auto& g) { return g.category; }),
      Column(rows, [](auto& g) {
        return g.severity_override ? std::optional(std::to_string(*g.severity_override))
                                   : std::nullopt;
      }),
      Column(rows, [](auto& g) { return std::optional(std::to_string(g.sla_elapsed_ms)); }),
      Column(rows, [](auto& g) { return Num(g.triaged_ms); }),
      Column(rows, [](auto& g) { return Num(g.resolved_at_ms); }),
      Column(rows, [](auto& g) { return g.merged_into; }),
      Column(rows, [](auto& g) { return std::optional(std::to_string(g.created_ms)); }));
  int n = 0;
  for (const char* partner : {"cert-fr", "cert-de", "cert-it"}) {
    w.exec_params0(
        "INSERT INTO exchange.partners (name, country, endpoint, spki_sha256, agreement, "
        "allowed_tlps, allowed_categories) VALUES ($1, upper(substr($1, 6, 2)), 'x:1', $2, "
        "'test', ARRAY['CLEAR'], ARRAY['*'])",
        partner, std::string(43, static_cast<char>('A' + n++)) + "=");
  }
  for (const GeneratedShare& s : year.shares) {
    const std::string share_id = "s-" + std::to_string(n++);
    if (s.what == "policy") {
      w.exec_params0(
          "INSERT INTO exchange.sharing_history (incident_id, partner_name, event, reason, at) "
          "VALUES (gen_random_uuid(), $1, 'refused', 'tlp-not-agreed', " TS("$2::bigint") ")",
          s.partner, s.at_ms);
    } else if (s.what.starts_with("received")) {
      w.exec_params0(
          "INSERT INTO exchange.received_shares (partner_id, share_id, origin_incident_id, "
          "version, receiver_incident_id, applied, received_at) SELECT id, $2, 'o', 1, 'r', $3, "
          TS("$4::bigint") " FROM exchange.partners WHERE name = $1",
          s.partner, share_id, s.what == "received", s.at_ms);
    } else {
      w.exec_params0(
          "INSERT INTO exchange.outbox (partner_id, incident_id, version, share_id, share, state, "
          "created_at) SELECT id, gen_random_uuid(), 1, $2, '\\x'::bytea, $3, " TS("$4::bigint")
          " FROM exchange.partners WHERE name = $1",
          s.partner, share_id, s.what, s.at_ms);
    }
  }
#undef TS
  w.commit();
}

Statistics Expected(const GeneratedYear& year, std::int64_t from_ms, std::int64_t to_ms,
                    Tlp ceiling, int top) {
  Statistics s;
  s.ceiling = ceiling;
  const auto visible = TlpsUpTo(ceiling);
  std::vector<const GeneratedIncident*> counted;
  std::map<std::pair<std::string, std::string>, std::int64_t> indicators;
  for (const char* state : kStates) s.by_state.push_back({state, 0});
  for (const char* tlp : kTlps) s.by_tlp.push_back({tlp, 0});
  for (const char* p : {"1", "2", "3", "4"}) s.by_priority.push_back({p, 0});
  for (const char* kind : {"partner", "constituent", "sensor", "unknown"}) {
    s.by_source_kind.push_back({kind, 0});
  }
  std::map<std::string, std::int64_t> sources;
  for (const GeneratedIncident& g : year.incidents) {
    if (g.created_ms < from_ms || g.created_ms >= to_ms) continue;
    Add(s.by_state, g.state);
    if (g.state == "merged") {
      ++s.merged;
      continue;
    }
    counted.push_back(&g);
    ++s.incidents;
    const std::string category = g.category.value_or(kUncategorised);
    Add(s.by_category, category);
    Add(s.by_class, category.substr(0, category.find('/')));
    Add(s.by_tlp, g.tlp);
    Add(s.by_priority, std::to_string(g.EffectivePriority()));
    sources[g.submitter] += 1;
    const bool is_visible = std::find(visible.begin(), visible.end(), g.tlp) != visible.end();
    if (g.constituent && is_visible) Add(s.top_organisations, *g.constituent);
    if (is_visible) {
      std::set<std::pair<std::string, std::string>> distinct(g.indicators.begin(),
                                                             g.indicators.end());
      for (const auto& pair : distinct) ++indicators[pair];
    }
    Add(s.by_month, FormatDate(TimePoint{std::chrono::milliseconds{g.created_ms}}).substr(0, 7));
  }
  for (const auto& [submitter, n] : sources) {
    SourceCount c{submitter, "unknown", "", "", n};
    if (submitter.starts_with("partner:")) {
      c.kind = "partner";
      c.partner = submitter.substr(8);
      c.country = c.partner == "cert-fr" ? "FR" : c.partner == "cert-de" ? "DE" : "unknown";
      Add(s.by_partner_country, c.country, n);
    }
    Add(s.by_source_kind, c.kind, n);
    s.by_source.push_back(c);
  }
  s.by_sector = {{"unknown", s.incidents}};
  s.by_critical_infrastructure = {{"yes", 0}, {"no", 0}, {"unknown", s.incidents}};
  for (int p = 1; p <= 4; ++p) {
    SlaRow row{p, kTargets[static_cast<std::size_t>(p - 1)][0],
               kTargets[static_cast<std::size_t>(p - 1)][1], {}, {}};
    std::vector<const GeneratedIncident*> of_p;
    for (const auto* g : counted) {
      if (g->EffectivePriority() == p) of_p.push_back(g);
    }
    Durations(of_p, row);
    s.sla.push_back(row);
  }
  s.sla.push_back(SlaRow{});
  Durations(counted, s.sla.back());
  for (const char* partner : {"cert-de", "cert-fr", "cert-it"}) {
    PartnerShares p{partner, std::string(partner == std::string("cert-de") ? "DE"
                                         : partner == std::string("cert-fr") ? "FR"
                                                                             : "IT"),
                    0, 0, 0, 0, 0, 0, 0};
    for (const GeneratedShare& share : year.shares) {
      if (share.partner != partner || share.at_ms < from_ms || share.at_ms >= to_ms) continue;
      if (share.what == "policy") {
        ++p.refused_by_policy;
      } else if (share.what.starts_with("received")) {
        ++p.received;
        p.received_applied += share.what == "received";
      } else {
        ++p.sent;
        p.delivered += share.what == "delivered";
        p.pending += share.what == "pending";
        p.refused_by_partner += share.what == "refused";
      }
    }
    s.partners.push_back(p);
  }
  for (const auto& [pair, n] : indicators) {
    s.top_indicators.push_back({pair.first, pair.second, n});
  }
  std::sort(s.top_indicators.begin(), s.top_indicators.end(),
            [](const IndicatorCount& a, const IndicatorCount& b) {
              if (a.incidents != b.incidents) return a.incidents > b.incidents;
              return a.kind != b.kind ? a.kind < b.kind : a.value < b.value;
            });
  if (s.top_indicators.size() > static_cast<std::size_t>(top)) {
    s.top_indicators.resize(static_cast<std::size_t>(top));
  }
  for (auto* counts : {&s.by_category, &s.by_class, &s.by_partner_country, &s.top_organisations}) {
    SortCounts(*counts);
  }
  if (s.top_organisations.size() > static_cast<std::size_t>(top)) {
    s.top_organisations.resize(static_cast<std::size_t>(top));
  }
  std::sort(s.by_source.begin(), s.by_source.end(), [](const SourceCount& a, const SourceCount& b) {
    return a.incidents != b.incidents ? a.incidents > b.incidents : a.submitter < b.submitter;
  });
  std::sort(s.by_month.begin(), s.by_month.end(),
            [](const Count& a, const Count& b) { return a.key < b.key; });
  return s;
}

}  // namespace ncirt::triage::stats::testing
