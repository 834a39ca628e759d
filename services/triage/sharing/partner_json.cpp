#include "triage/sharing/partner_json.hpp"

#include <tuple>
#include <utility>

#include "iodef/marking.hpp"

namespace ncirt::triage::sharing {
namespace {

common::Error Bad(const std::string& member, const std::string& why) {
  return common::Error{common::ErrorKind::kBadRequest, member + ": " + why, member};
}

common::Result<std::string> Text(const nlohmann::json& body, const char* member) {
  const auto it = body.find(member);
  if (it == body.end()) return std::unexpected(Bad(member, "is required"));
  if (!it->is_string()) return std::unexpected(Bad(member, "must be a string"));
  return it->get<std::string>();
}

common::Result<bool> Flag(const nlohmann::json& body, const char* member, bool fallback) {
  const auto it = body.find(member);
  if (it == body.end()) return fallback;
  if (!it->is_boolean()) return std::unexpected(Bad(member, "must be true or false"));
  return it->get<bool>();
}

common::Result<std::vector<std::string>> Texts(const nlohmann::json& body, const char* member) {
  const auto it = body.find(member);
  if (it == body.end()) return std::unexpected(Bad(member, "is required (an array of strings)"));
  if (!it->is_array()) return std::unexpected(Bad(member, "must be an array of strings"));
  std::vector<std::string> out;
  for (const nlohmann::json& item : *it) {
    if (!item.is_string()) return std::unexpected(Bad(member, "must be an array of strings"));
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

common::Result<exchange::Partner> PartnerFromJson(const nlohmann::json& body,
                                                  const std::optional<std::string>& path_name) {
  exchange::Partner p;
  if (path_name && !body.contains("name")) {
    p.name = *path_name;
  } else {
    auto name = Text(body, "name");
    if (!name) return std::unexpected(name.error());
    if (path_name && *name != *path_name) {
      return std::unexpected(Bad("name", "'" + *name + "' differs from the partner '" +
                                             *path_name + "' in the path; renaming is not "
                                             "supported"));
    }
    p.name = std::move(*name);
  }
  for (auto [member, field] : {std::pair{"country", &p.country},
                               std::pair{"endpoint", &p.endpoint},
                               std::pair{"spki_sha256", &p.spki_sha256},
                               std::pair{"agreement", &p.agreement}}) {
    auto value = Text(body, member);
    if (!value) return std::unexpected(value.error());
    *field = std::move(*value);
  }
  auto tlps = Texts(body, "allowed_tlps");
  if (!tlps) return std::unexpected(tlps.error());
  for (const std::string& name : *tlps) {
    const auto tlp = iodef::ParseTlp(name);
    if (!tlp) {
      return std::unexpected(Bad("allowed_tlps", "'" + name + "' is not a TLP level (CLEAR, "
                                                 "GREEN, AMBER, AMBER+STRICT)"));
    }
    p.allowed_tlps.push_back(*tlp);
  }
  auto categories = Texts(body, "allowed_categories");
  if (!categories) return std::unexpected(categories.error());
  p.allowed_categories = std::move(*categories);
  for (auto [member, field, fallback] :
       {std::tuple{"personal_data_allowed", &p.personal_data_allowed, false},
        std::tuple{"original_document_allowed", &p.original_document_allowed, false},
        std::tuple{"enabled", &p.enabled, true}}) {
    auto value = Flag(body, member, fallback);
    if (!value) return std::unexpected(value.error());
    *field = *value;
  }
  return p;
}

nlohmann::json PartnerJson(const exchange::Partner& p) {
  nlohmann::json tlps = nlohmann::json::array();
  for (const v1::Tlp tlp : p.allowed_tlps) tlps.push_back(std::string(iodef::TlpName(tlp)));
  return {{"id", p.id},
          {"name", p.name},
          {"country", p.country},
          {"endpoint", p.endpoint},
          {"spki_sha256", p.spki_sha256},
          {"agreement", p.agreement},
          {"allowed_tlps", tlps},
          {"allowed_categories", p.allowed_categories},
          {"personal_data_allowed", p.personal_data_allowed},
          {"original_document_allowed", p.original_document_allowed},
          {"enabled", p.enabled}};
}

}  // namespace ncirt::triage::sharing
