#include "iodef/json_data_model.hpp"

#include <array>
#include <stdexcept>

#include "EmbeddedJsonDataModel.hpp"
#include "iodef/json_reader.hpp"

namespace ncirt::iodef {
namespace {

constexpr std::array<CddlCorrection, 3> kCorrections = {{
    {"? iodef-Indicator f=> [+ Indicator],", "? iodef-Indicator => [+ Indicator],",
     "a stray 'f' before '=>' in Incident; every other member of Incident is written "
     "'? key => type'"},
    {"\"user\" /,", "\"user\" /",
     "a stray ',' inside Contact's role choice, which would end the member in the middle of "
     "its list of roles"},
    {"{iodef-BusinessImpact => BusinessImpact /", "{iodef-BusinessImpact => BusinessImpact} /",
     "the '}' closing the BusinessImpact alternative of Assessment/Impact is missing; the four "
     "other alternatives are each closed, and RFC 8727 Figure 6 shows "
     "{\"BusinessImpact\": {...}} as one Impact entry"},
}};

// The member ncirt's strict profile pins beyond the CDDL (see the header).
constexpr std::string_view kVersion = "2.0";

const cddl::Schema& CompiledModel() {
  static const cddl::Schema schema = [] {
    auto text = CorrectedIodefCddl();
    if (!text) throw std::logic_error("RFC 8727 CDDL: " + text.error().message);
    auto compiled = cddl::Schema::Compile(*text, cddl::CompileOptions{"iodef-"});
    if (!compiled) throw std::logic_error("RFC 8727 CDDL: " + compiled.error().message);
    return std::move(*compiled);
  }();
  return schema;
}

constexpr std::string_view kExtPrefix = "ext-";
constexpr std::string_view kExtValue = "ext-value";

bool IsExtValue(const nlohmann::json& value) { return value.is_string() && value == kExtValue; }

// RFC 7970 §5.1.1, which RFC 8727 keeps for its enumerations: "ext-X" only beside X =
// "ext-value", and X = "ext-value" only with a non-empty "ext-X". RFC 7203's SpecID is exempt:
// its escape is "private", with ext-SpecID beside it.
void CheckExtValueRule(const nlohmann::json& value, const std::string& pointer,
                       std::vector<cddl::Violation>& out, std::size_t max) {
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size() && out.size() < max; ++i) {
      CheckExtValueRule(value[i], AppendPointer(pointer, i), out, max);
    }
    return;
  }
  if (!value.is_object()) return;
  for (const auto& [name, member] : value.items()) {
    if (out.size() >= max) return;
    const std::string here = AppendPointer(pointer, name);
    if (name.starts_with(kExtPrefix) && name != "ext-SpecID") {
      const std::string base = name.substr(kExtPrefix.size());
      const auto base_value = value.find(base);
      if (base_value == value.end() || !IsExtValue(*base_value)) {
        out.push_back(cddl::Violation{
            here, "'" + name + "' is given, but '" + base + "' is " +
                      (base_value == value.end() ? "absent" : cddl::QuoteValue(*base_value)) +
                      "; an ext-* member is allowed only beside 'ext-value' (RFC 7970 "
                      "section 5.1.1)"});
      }
    } else if (IsExtValue(member)) {
      const auto ext = value.find(std::string(kExtPrefix) + name);
      if (ext == value.end() || !ext->is_string() || ext->get_ref<const std::string&>().empty()) {
        out.push_back(cddl::Violation{
            here, "'" + name + "' is 'ext-value', but 'ext-" + name +
                      "' that must give the value is missing or empty (RFC 7970 section "
                      "5.1.1)"});
      }
    }
    CheckExtValueRule(member, here, out, max);
  }
}

}  // namespace

std::span<const CddlCorrection> CddlCorrections() { return kCorrections; }

std::string_view PublishedIodefCddl() {
  for (const EmbeddedFile& file : EmbeddedJsonDataModel()) {
    if (file.path.ends_with(".cddl")) return file.bytes;
  }
  throw std::logic_error("the RFC 8727 CDDL is not embedded in the library");
}

common::Result<std::string> CorrectedIodefCddl() {
  std::string text(PublishedIodefCddl());
  for (const CddlCorrection& correction : kCorrections) {
    const auto at = text.find(correction.published);
    if (at == std::string::npos ||
        text.find(correction.published, at + 1) != std::string::npos) {
      return common::Fail(common::ErrorKind::kBadConfig,
                          "the correction of \"" + std::string(correction.published) +
                              "\" does not match the CDDL text exactly once");
    }
    text.replace(at, correction.published.size(), correction.corrected);
  }
  return text;
}

std::optional<std::string> IodefMemberViolation(std::string_view rule, std::string_view member,
                                                const nlohmann::json& value) {
  const auto violations = CompiledModel().ValidateMember(rule, member, value);
  if (!violations) {
    throw std::logic_error("RFC 8727's data model has no member '" + std::string(member) +
                           "' in '" + std::string(rule) + "'");
  }
  if (violations->empty()) return std::nullopt;
  return violations->front().message;
}

bool IodefHasMember(std::string_view rule, std::string_view member) {
  return CompiledModel().ValidateMember(rule, member, nlohmann::json()).has_value();
}

std::vector<cddl::Violation> CheckIodefJson(const nlohmann::json& document,
                                            std::size_t max_violations) {
  std::vector<cddl::Violation> violations;
  if (max_violations == 0) return violations;
  if (document.is_object()) {
    const auto version = document.find("version");
    if (version != document.end() && version->is_string() &&
        version->get_ref<const std::string&>() != kVersion) {
      violations.push_back(cddl::Violation{"/version", cddl::QuoteValue(*version) +
                                                           " is not RFC 8727's version '2.0' "
                                                           "(IODEF XML writes '2.00')"});
    }
  }
  if (violations.size() < max_violations) {
    for (cddl::Violation& violation :
         CompiledModel().Validate(document, max_violations - violations.size())) {
      violations.push_back(std::move(violation));
    }
  }
  CheckExtValueRule(document, "", violations, max_violations);
  return violations;
}

}  // namespace ncirt::iodef
