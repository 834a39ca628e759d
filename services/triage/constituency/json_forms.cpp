#include "triage/constituency/json_forms.hpp"

#include <charconv>

#include "triage/handlers/work.hpp"

namespace ncirt::triage::constituency {
namespace {

using common::ErrorKind;
using common::Fail;
using nlohmann::json;

json Ms(const std::optional<TimePoint>& t) {
  return t ? json(t->time_since_epoch().count()) : json(nullptr);
}

common::Result<std::string> Text(const json& body, const char* name, bool required) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) {
      return Fail(ErrorKind::kBadRequest, std::string("member '") + name + "' is required",
                  name);
    }
    return std::string();
  }
  if (!it->is_string()) {
    return Fail(ErrorKind::kBadRequest, std::string("member '") + name + "' must be a string",
                name);
  }
  return it->get<std::string>();
}

common::Result<std::vector<FactValue>> Facts(const json& body, const char* member,
                                             FactKind kind) {
  std::vector<FactValue> out;
  const auto it = body.find(member);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) {
    return Fail(ErrorKind::kBadRequest, std::string("member '") + member + "' must be a list",
                member);
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::string where = std::string(member) + "[" + std::to_string(i) + "]";
    const json& item = (*it)[i];
    common::Result<FactValue> fact;
    if (kind == FactKind::kContact) {
      if (!item.is_object()) {
        return Fail(ErrorKind::kBadRequest, where + " must be an object", where);
      }
      fact = ParseFact(kind, item);
      if (!fact) fact.error().where = where + "." + fact.error().where;
    } else {
      if (!item.is_string()) {
        return Fail(ErrorKind::kBadRequest, where + " must be a string", where);
      }
      fact = CheckFact(kind, item.get<std::string>(), Contact{}, where);
    }
    if (!fact) return std::unexpected(fact.error());
    out.push_back(std::move(*fact));
  }
  return out;
}

json ContactJson(const Contact& c) {
  return json{{"role", c.role}, {"email", c.email}, {"phone", c.phone},
              {"pgp_fingerprint", c.pgp_fingerprint}, {"language", c.language}};
}

}  // namespace

common::Result<std::optional<TimePoint>> QueryTime(std::string_view query,
                                                   std::string_view name) {
  const auto text = handlers::QueryValue(query, name);
  if (!text) return std::optional<TimePoint>();
  std::int64_t ms = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), ms);
  if (text->empty() || ec != std::errc() || ptr != text->data() + text->size()) {
    return Fail(ErrorKind::kBadRequest,
                std::string(name) + " must be milliseconds since the Unix epoch",
                std::string(name));
  }
  return std::optional<TimePoint>(TimePoint{std::chrono::milliseconds{ms}});
}

common::Result<std::optional<int>> QueryInt(std::string_view query, std::string_view name,
                                            int low, int high) {
  const auto text = handlers::QueryValue(query, name);
  if (!text) return std::optional<int>();
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || ec != std::errc() || ptr != text->data() + text->size() || value < low ||
      value > high) {
    return Fail(ErrorKind::kBadRequest, std::string(name) + " must be a whole number from " +
                                            std::to_string(low) + " to " + std::to_string(high),
                std::string(name));
  }
  return std::optional<int>(value);
}

common::Result<OrganisationAttributes> ParseAttributes(const json& body) {
  auto name = Text(body, "name", true);
  if (!name) return std::unexpected(name.error());
  auto sector = Text(body, "sector", true);
  if (!sector) return std::unexpected(sector.error());
  auto criticality = Text(body, "criticality", false);
  if (!criticality) return std::unexpected(criticality.error());
  return CheckAttributes(*name, *sector, *criticality, "");
}

common::Result<std::optional<TimePoint>> ParseValidFrom(const json& body) {
  const auto it = body.find("valid_from_ms");
  if (it == body.end() || it->is_null()) return std::optional<TimePoint>();
  if (!it->is_number_integer()) {
    return Fail(ErrorKind::kBadRequest,
                "valid_from_ms must be milliseconds since the Unix epoch (an integer)",
                "valid_from_ms");
  }
  return std::optional<TimePoint>(TimePoint{std::chrono::milliseconds{it->get<std::int64_t>()}});
}

common::Result<NewOrganisation> ParseNewOrganisation(const json& body) {
  NewOrganisation out;
  auto handle = Text(body, "handle", true);
  if (!handle) return std::unexpected(handle.error());
  auto checked = CheckHandle(*handle, "handle");
  if (!checked) return std::unexpected(checked.error());
  out.handle = *checked;
  auto attributes = ParseAttributes(body);
  if (!attributes) return std::unexpected(attributes.error());
  out.attributes = *attributes;
  auto from = ParseValidFrom(body);
  if (!from) return std::unexpected(from.error());
  out.valid_from = *from;
  const std::pair<const char*, FactKind> lists[] = {{"ranges", FactKind::kRange},
                                                    {"asns", FactKind::kAsn},
                                                    {"domains", FactKind::kDomain},
                                                    {"contacts", FactKind::kContact}};
  for (const auto& [member, kind] : lists) {
    auto facts = Facts(body, member, kind);
    if (!facts) return std::unexpected(facts.error());
    out.facts.insert(out.facts.end(), facts->begin(), facts->end());
  }
  return out;
}

common::Result<FactValue> ParseFact(FactKind kind, const json& body) {
  if (kind == FactKind::kContact) {
    Contact c;
    for (auto [member, field] : {std::pair{"role", &c.role}, std::pair{"phone", &c.phone},
                                 std::pair{"pgp_fingerprint", &c.pgp_fingerprint},
                                 std::pair{"language", &c.language}}) {
      auto text = Text(body, member, std::string_view(member) == "role");
      if (!text) return std::unexpected(text.error());
      *field = *text;
    }
    auto email = Text(body, "email", true);
    if (!email) return std::unexpected(email.error());
    auto fact = CheckFact(kind, *email, std::move(c), "");
    if (!fact) {
      auto error = fact.error();
      if (error.where.starts_with(".")) error.where.erase(0, 1);
      return std::unexpected(error);
    }
    return fact;
  }
  const char* member = kind == FactKind::kRange ? "network"
                       : kind == FactKind::kAsn ? "asn"
                                                : "domain";
  const auto it = body.find(member);
  if (kind == FactKind::kAsn && it != body.end() && it->is_number_integer()) {
    return CheckFact(kind, std::to_string(it->get<std::int64_t>()), Contact{}, member);
  }
  auto text = Text(body, member, true);
  if (!text) return std::unexpected(text.error());
  return CheckFact(kind, *text, Contact{}, member);
}

common::Result<correlation::Settings> ParseSettings(const json& body) {
  correlation::Settings s;
  for (auto [member, out] : {std::pair{"common_cap", &s.common_cap},
                             std::pair{"count_limit", &s.count_limit}}) {
    const auto it = body.find(member);
    if (it == body.end() || !it->is_number_integer()) {
      return Fail(ErrorKind::kBadRequest, std::string("member '") + member +
                                              "' (an integer) is required", member);
    }
    const auto value = it->get<std::int64_t>();
    *out = value > 2'000'000 || value < -1 ? -1 : static_cast<int>(value);
  }
  const auto it = body.find("duplicate_window_s");
  if (it == body.end() || !it->is_number_integer()) {
    return Fail(ErrorKind::kBadRequest, "member 'duplicate_window_s' (an integer) is required",
                "duplicate_window_s");
  }
  s.duplicate_window_s = it->get<std::int64_t>();
  if (auto ok = correlation::CheckSettings(s); !ok) return std::unexpected(ok.error());
  return s;
}

nlohmann::json VersionJson(const std::string& handle, const VersionRecord& v) {
  const auto& a = v.attributes;
  return json{{"handle", handle},
              {"name", a.name},
              {"sector", a.sector},
              {"criticality", CriticalityName(EffectiveCriticality(a.sector, a.criticality))},
              {"criticality_set", a.criticality.has_value()},
              {"critical_infrastructure", IsCriticalInfrastructure(a.sector)},
              {"valid_from_ms", Ms(v.validity.from)},
              {"valid_to_ms", Ms(v.validity.to)}};
}

nlohmann::json FactJson(const FactRecord& f) {
  json j = {{"id", f.id}};
  switch (f.value.kind) {
    case FactKind::kRange: j["network"] = f.value.value; break;
    case FactKind::kAsn: j["asn"] = f.value.asn; break;
    case FactKind::kDomain: j["domain"] = f.value.value; break;
    case FactKind::kContact: j.update(ContactJson(f.value.contact)); break;
  }
  j["valid_from_ms"] = Ms(f.validity.from);
  j["valid_to_ms"] = Ms(f.validity.to);
  return j;
}

nlohmann::json OrganisationJson(const Organisation& o, bool history) {
  json j = VersionJson(o.handle, o.version);
  json ranges = json::array(), asns = json::array(), domains = json::array(),
       contacts = json::array();
  for (const auto& f : o.facts) {
    json& list = f.value.kind == FactKind::kRange ? ranges
                 : f.value.kind == FactKind::kAsn ? asns
                 : f.value.kind == FactKind::kDomain ? domains
                                                     : contacts;
    list.push_back(FactJson(f));
  }
  j["ranges"] = ranges;
  j["asns"] = asns;
  j["domains"] = domains;
  j["contacts"] = contacts;
  if (history) {
    json versions = json::array();
    for (const auto& v : o.history) {
      json vj = VersionJson(o.handle, v);
      vj.erase("handle");
      vj["changed_by"] = v.changed_by;
      versions.push_back(vj);
    }
    j["versions"] = versions;
  }
  return j;
}

nlohmann::json LookupJson(const std::string& value, const std::vector<LookupMatch>& matches) {
  json list = json::array();
  for (const auto& m : matches) {
    list.push_back(json{{"handle", m.handle}, {"name", m.name}, {"sector", m.sector},
                        {"via", m.via}, {"entry", m.entry}, {"specificity", m.specificity},
                        {"criticality", CriticalityName(m.criticality)}});
  }
  return json{{"value", value}, {"matches", list}};
}

nlohmann::json ImportErrorsJson(const std::vector<ImportError>& errors) {
  json list = json::array();
  for (const auto& e : errors) {
    list.push_back(json{{"line", e.line}, {"column", e.column}, {"message", e.message}});
  }
  return list;
}

nlohmann::json ImportJson(const ImportReport& r) {
  return json{{"dry_run", r.dry_run},
              {"rows", r.rows},
              {"organisations_created", r.organisations_created},
              {"organisations_updated", r.organisations_updated},
              {"facts_added", r.facts_added},
              {"unchanged", r.unchanged},
              {"rematched", r.rematched},
              {"errors", ImportErrorsJson(r.errors)}};
}

nlohmann::json ConstituentsJson(const IncidentConstituents& c) {
  json organisations = json::array();
  for (const auto& o : c.organisations) {
    json matches = json::array(), contacts = json::array();
    for (const auto& m : o.matches) {
      matches.push_back(json{{"via", m.via}, {"entry", m.entry},
                             {"indicator_kind", m.indicator_kind}, {"indicator", m.indicator}});
    }
    for (const auto& k : o.contacts) {
      contacts.push_back(json{{"role", k.role}, {"email", k.email}, {"phone", k.phone},
                              {"pgp_fingerprint", k.pgp_fingerprint},
                              {"language", k.language}});
    }
    organisations.push_back(json{{"handle", o.handle}, {"name", o.name}, {"sector", o.sector},
                                 {"criticality", CriticalityName(o.criticality)},
                                 {"critical_infrastructure", IsCriticalInfrastructure(o.sector)},
                                 {"specificity", o.specificity}, {"matches", matches},
                                 {"contacts", contacts}});
  }
  return json{{"incident_id", c.incident_id},
              {"criticality", CriticalityName(c.criticality)},
              {"matched_at_ms", Ms(c.matched_at)},
              {"organisations", organisations}};
}

nlohmann::json RelatedJson(const correlation::Related& r) {
  json related = json::array(), indicators = json::array();
  for (const auto& i : r.related) {
    json shared = json::array();
    for (const auto& s : i.shared) {
      shared.push_back(json{{"kind", s.kind}, {"value", s.value}, {"their_kind", s.their_kind},
                            {"their_value", s.their_value}});
    }
    related.push_back(json{{"incident_id", i.incident_id},
                           {"state", i.state ? json(*i.state) : json(nullptr)},
                           {"category", i.category ? json(*i.category) : json(nullptr)},
                           {"shared_count", i.shared.size()},
                           {"shared", shared}});
  }
  for (const auto& s : r.indicators) {
    indicators.push_back(json{{"kind", s.kind}, {"value", s.value}, {"incidents", s.incidents},
                              {"at_least", s.at_least}, {"listed", s.listed},
                              {"more", s.more}});
  }
  return json{{"incident_id", r.incident_id},
              {"related", related},
              {"indicators", indicators},
              {"indicators_examined", r.indicators_examined},
              {"indicators_not_examined", r.indicators_not_examined}};
}

nlohmann::json DuplicatesJson(const std::string& incident_id, std::int64_t window_s,
                              const std::vector<correlation::DuplicateProposal>& proposals) {
  json list = json::array();
  for (const auto& p : proposals) {
    list.push_back(json{{"incident_id", p.incident_id},
                        {"state", p.state},
                        {"category", p.category ? json(*p.category) : json(nullptr)},
                        {"created_at_ms", p.created_at.time_since_epoch().count()},
                        {"indicators", p.indicators}});
  }
  return json{{"incident_id", incident_id}, {"window_s", window_s}, {"proposals", list}};
}

nlohmann::json SettingsJson(const correlation::Settings& s) {
  return json{{"common_cap", s.common_cap},
              {"count_limit", s.count_limit},
              {"duplicate_window_s", s.duplicate_window_s}};
}

}  // namespace ncirt::triage::constituency
