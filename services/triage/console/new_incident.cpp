#include "triage/console/new_incident.hpp"

#include <array>
#include <utility>

#include "iodef/normalize.hpp"

namespace ncirt::triage::console {
namespace {

using common::ErrorKind;
using nlohmann::json;

common::Error Bad(const std::string& member, const std::string& why) {
  return common::Error{ErrorKind::kBadRequest, "form member '" + member + "' " + why, member};
}

// A string member: absent or "" gives `fallback` unless `required`.
common::Result<std::string> Text(const json& form, const std::string& member, bool required,
                                 std::size_t max_bytes) {
  const auto it = form.find(member);
  if (it == form.end() || it->is_null() || (it->is_string() && it->get_ref<const std::string&>().empty())) {
    if (required) return std::unexpected(Bad(member, "is required"));
    return std::string();
  }
  if (!it->is_string()) return std::unexpected(Bad(member, "must be a string"));
  std::string value = it->get<std::string>();
  if (value.size() > max_bytes) {
    return std::unexpected(Bad(member, "is longer than " + std::to_string(max_bytes) + " bytes"));
  }
  return value;
}

template <std::size_t N, typename T>
common::Result<T> Choice(const std::string& value, const std::string& member,
                         const std::array<std::pair<std::string_view, T>, N>& table) {
  std::string allowed;
  for (const auto& [name, enum_value] : table) {
    if (name == value) return enum_value;
    allowed += (allowed.empty() ? "" : ", ") + std::string(name);
  }
  return std::unexpected(Bad(member, "is '" + value + "'; it must be one of: " + allowed));
}

constexpr std::array<std::pair<std::string_view, v1::Tlp>, 5> kTlps{{
    {"CLEAR", v1::TLP_CLEAR},
    {"GREEN", v1::TLP_GREEN},
    {"AMBER", v1::TLP_AMBER},
    {"AMBER+STRICT", v1::TLP_AMBER_STRICT},
    {"RED", v1::TLP_RED},
}};

constexpr std::array<std::pair<std::string_view, v1::Purpose>, 5> kPurposes{{
    {"reporting", v1::PURPOSE_REPORTING},
    {"mitigation", v1::PURPOSE_MITIGATION},
    {"watch", v1::PURPOSE_WATCH},
    {"traceback", v1::PURPOSE_TRACEBACK},
    {"other", v1::PURPOSE_OTHER},
}};

constexpr std::array<std::pair<std::string_view, v1::Severity>, 3> kSeverities{{
    {"low", v1::SEVERITY_LOW},
    {"medium", v1::SEVERITY_MEDIUM},
    {"high", v1::SEVERITY_HIGH},
}};

constexpr std::array<std::pair<std::string_view, v1::ConfidenceRating>, 4> kConfidences{{
    {"low", v1::CONFIDENCE_RATING_LOW},
    {"medium", v1::CONFIDENCE_RATING_MEDIUM},
    {"high", v1::CONFIDENCE_RATING_HIGH},
    {"unknown", v1::CONFIDENCE_RATING_UNKNOWN},
}};

constexpr std::array<std::pair<std::string_view, v1::SystemCategory>, 4> kSystemCategories{{
    {"source", v1::SYSTEM_CATEGORY_SOURCE},
    {"target", v1::SYSTEM_CATEGORY_TARGET},
    {"intermediate", v1::SYSTEM_CATEGORY_INTERMEDIATE},
    {"watchlist", v1::SYSTEM_CATEGORY_WATCHLIST},
}};

// The IODEF restriction that intake reads back as the same TLP (docs/api.md's table).
v1::RestrictionValue RestrictionFor(v1::Tlp tlp) {
  v1::RestrictionValue r;
  switch (tlp) {
    case v1::TLP_CLEAR: r.set_value(v1::RESTRICTION_WHITE); break;
    case v1::TLP_GREEN: r.set_value(v1::RESTRICTION_GREEN); break;
    case v1::TLP_AMBER: r.set_value(v1::RESTRICTION_AMBER); break;
    case v1::TLP_AMBER_STRICT:
      r.set_value(v1::RESTRICTION_EXT_VALUE);
      r.set_ext("amber+strict");
      break;
    default: r.set_value(v1::RESTRICTION_RED); break;
  }
  return r;
}

google::protobuf::Timestamp Stamp(std::int64_t ms) {
  google::protobuf::Timestamp t;
  t.set_seconds(ms / 1000);
  t.set_nanos(static_cast<std::int32_t>((ms % 1000) * 1'000'000));
  return t;
}

void SetText(v1::LocalizedText* text, std::string value) {
  text->set_text(std::move(value));
  text->set_lang("en");
}

// The XML-DSig digest method URI for a hex digest of `hex_digits` digits.
std::string_view DigestMethod(std::size_t hex_digits) {
  switch (hex_digits) {
    case 32: return "http://www.w3.org/2001/04/xmldsig-more#md5";
    case 40: return "http://www.w3.org/2000/09/xmldsig#sha1";
    case 64: return "http://www.w3.org/2001/04/xmlenc#sha256";
    default: return "http://www.w3.org/2001/04/xmlenc#sha512";
  }
}

common::Result<void> AddIndicators(const json& form, v1::Incident& incident,
                                   v1::SystemCategory category, std::string_view csirt) {
  const auto it = form.find("indicators");
  if (it == form.end() || it->is_null()) return {};
  if (!it->is_array()) return std::unexpected(Bad("indicators", "must be a list of strings"));
  if (it->size() > kMaxIndicators) {
    return std::unexpected(
        Bad("indicators", "has more than " + std::to_string(kMaxIndicators) + " entries"));
  }
  v1::EventData* event = nullptr;
  int hashes = 0;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& item = (*it)[i];
    const std::string where = "indicators[" + std::to_string(i) + "]";
    if (!item.is_string()) return std::unexpected(Bad(where, "must be a string"));
    const std::string value = item.get<std::string>();
    const std::string_view kind = IndicatorKind(value);
    if (kind.empty()) {
      return std::unexpected(Bad(where, "'" + value.substr(0, 80) +
                                            "' is not an IP address, network, domain, URL, "
                                            "e-mail address or MD5/SHA-1/SHA-256/SHA-512 hash"));
    }
    if (kind == "hash") {
      auto* indicator = incident.add_indicators();
      indicator->mutable_id()->set_id("hash-" + std::to_string(++hashes));
      indicator->mutable_id()->set_name(std::string(csirt));
      indicator->mutable_id()->set_version("1");
      auto* hash = indicator->mutable_observable()->mutable_file_data()->add_hashes();
      const std::string hex = *iodef::NormalizeHashHex(value);
      hash->set_algorithm(std::string(DigestMethod(hex.size())));
      hash->set_value_hex(hex);
      continue;
    }
    if (event == nullptr) event = incident.add_event_data();
    auto* system = event->add_systems();
    system->set_category(category);
    auto* node = system->mutable_node();
    if (kind == "domain") {
      node->add_domain_data()->set_name(value);
      continue;
    }
    auto* address = node->add_addresses();
    address->set_value(value);
    if (kind == "ipv4-addr") address->set_category(v1::ADDRESS_CATEGORY_IPV4_ADDR);
    if (kind == "ipv6-addr") address->set_category(v1::ADDRESS_CATEGORY_IPV6_ADDR);
    if (kind == "ipv4-net") address->set_category(v1::ADDRESS_CATEGORY_IPV4_NET);
    if (kind == "ipv6-net") address->set_category(v1::ADDRESS_CATEGORY_IPV6_NET);
    if (kind == "url") address->set_category(v1::ADDRESS_CATEGORY_SITE_URI);
    if (kind == "e-mail") address->set_category(v1::ADDRESS_CATEGORY_E_MAIL);
  }
  return {};
}

common::Result<void> AddConstituent(const json& form, v1::Incident& incident) {
  auto name = Text(form, "constituent_name", false, kMaxShortTextBytes);
  if (!name) return std::unexpected(name.error());
  auto email = Text(form, "constituent_email", false, kMaxShortTextBytes);
  if (!email) return std::unexpected(email.error());
  if (name->empty() && email->empty()) return {};
  if (name->empty()) {
    return std::unexpected(Bad("constituent_name", "is required when an e-mail is given"));
  }
  auto* contact = incident.add_contacts();
  contact->set_role(v1::CONTACT_ROLE_VICTIM);
  contact->set_type(v1::CONTACT_TYPE_ORGANIZATION);
  SetText(contact->add_names(), *name);
  if (!email->empty()) {
    if (!iodef::NormalizeEmail(*email)) {
      return std::unexpected(Bad("constituent_email", "'" + *email + "' is not an e-mail address"));
    }
    contact->add_emails()->set_address(*email);
  }
  return {};
}

}  // namespace

std::string_view IndicatorKind(std::string_view text) {
  if (text.empty() || text.size() > 2048) return {};
  if (text.find("://") != std::string_view::npos) return iodef::NormalizeUrl(text) ? "url" : "";
  if (text.find('@') != std::string_view::npos) {
    return iodef::NormalizeEmail(text) ? "e-mail" : "";
  }
  if (text.find('/') != std::string_view::npos) {
    const auto network = iodef::NormalizeNetwork(text);
    if (!network) return {};
    return text.find(':') != std::string_view::npos ? "ipv6-net" : "ipv4-net";
  }
  if (iodef::NormalizeAddress(text)) {
    return text.find(':') != std::string_view::npos ? "ipv6-addr" : "ipv4-addr";
  }
  const std::size_t n = text.size();
  if ((n == 32 || n == 40 || n == 64 || n == 128) &&
      text.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos) {
    return "hash";
  }
  if (text.find('.') != std::string_view::npos && iodef::NormalizeDomain(text)) return "domain";
  return {};
}

common::Result<v1::Incident> NewIncidentModel(const NewIncidentInput& input) {
  const json& form = input.form;
  if (!form.is_object()) return std::unexpected(Bad("(body)", "must be a JSON object"));
  auto csirt = Text(form, "csirt", true, kMaxShortTextBytes);
  if (!csirt) return std::unexpected(csirt.error());
  auto description = Text(form, "description", true, kMaxDescriptionBytes);
  if (!description) return std::unexpected(description.error());
  auto tlp_name = Text(form, "tlp", true, 16);
  if (!tlp_name) return std::unexpected(tlp_name.error());
  auto tlp = Choice(*tlp_name, "tlp", kTlps);
  if (!tlp) return std::unexpected(tlp.error());
  auto purpose_name = Text(form, "purpose", false, 16);
  if (!purpose_name) return std::unexpected(purpose_name.error());
  auto purpose = Choice(purpose_name->empty() ? "reporting" : *purpose_name, "purpose", kPurposes);
  if (!purpose) return std::unexpected(purpose.error());
  auto role_name = Text(form, "indicator_role", false, 16);
  if (!role_name) return std::unexpected(role_name.error());
  auto role = Choice(role_name->empty() ? "source" : *role_name, "indicator_role",
                     kSystemCategories);
  if (!role) return std::unexpected(role.error());

  v1::Incident incident;
  incident.mutable_incident_id()->set_id(std::string(input.incident_id));
  incident.mutable_incident_id()->set_name(*csirt);
  incident.set_purpose(*purpose);
  incident.set_status(v1::INCIDENT_STATUS_NEW);
  incident.set_lang("en");
  *incident.mutable_restriction() = RestrictionFor(*tlp);
  *incident.mutable_generation_time() = Stamp(input.now.time_since_epoch().count());
  *incident.mutable_report_time() = Stamp(input.now.time_since_epoch().count());
  SetText(incident.add_descriptions(), *description);

  if (const auto detect = form.find("detect_time_ms"); detect != form.end() && !detect->is_null()) {
    if (!detect->is_number_integer() || detect->get<std::int64_t>() <= 0) {
      return std::unexpected(Bad("detect_time_ms", "must be a time in ms since the epoch"));
    }
    const std::int64_t ms = detect->get<std::int64_t>();
    if (ms > input.now.time_since_epoch().count()) {
      return std::unexpected(Bad("detect_time_ms", "is in the future"));
    }
    *incident.mutable_detect_time() = Stamp(ms);
  }

  auto* creator = incident.add_contacts();
  creator->set_role(v1::CONTACT_ROLE_CREATOR);
  creator->set_type(v1::CONTACT_TYPE_ORGANIZATION);
  SetText(creator->add_names(), *csirt);
  auto* person = creator->add_contacts();
  person->set_role(v1::CONTACT_ROLE_CREATOR);
  person->set_type(v1::CONTACT_TYPE_PERSON);
  SetText(person->add_names(), std::string(input.analyst));
  if (auto done = AddConstituent(form, incident); !done) return std::unexpected(done.error());

  auto severity_name = Text(form, "severity", false, 16);
  if (!severity_name) return std::unexpected(severity_name.error());
  if (!severity_name->empty()) {
    auto severity = Choice(*severity_name, "severity", kSeverities);
    if (!severity) return std::unexpected(severity.error());
    auto confidence_name = Text(form, "confidence", false, 16);
    if (!confidence_name) return std::unexpected(confidence_name.error());
    auto confidence = Choice(confidence_name->empty() ? "unknown" : *confidence_name,
                             "confidence", kConfidences);
    if (!confidence) return std::unexpected(confidence.error());
    auto* assessment = incident.add_assessments();
    auto* impact = assessment->add_impacts()->mutable_system();
    impact->set_severity(*severity);
    impact->set_type("unknown");
    assessment->mutable_confidence()->set_rating(*confidence);
  }
  if (auto done = AddIndicators(form, incident, *role, *csirt); !done) {
    return std::unexpected(done.error());
  }
  return incident;
}

}  // namespace ncirt::triage::console
