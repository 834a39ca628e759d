#include "iodef/json_data_model.hpp"

#include <array>
#include <stdexcept>

#include "EmbeddedJsonDataModel.hpp"

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

std::vector<cddl::Violation> CheckIodefJson(const nlohmann::json& document,
                                            std::size_t max_violations) {
  std::vector<cddl::Violation> violations = CompiledModel().Validate(document, max_violations);
  if (document.is_object()) {
    const auto version = document.find("version");
    if (version != document.end() && version->is_string() &&
        version->get_ref<const std::string&>() != kVersion && violations.size() < max_violations) {
      violations.insert(violations.begin(),
                        cddl::Violation{"/version", cddl::QuoteValue(*version) +
                                                        " is not RFC 8727's version '2.0' "
                                                        "(IODEF XML writes '2.00')"});
    }
  }
  return violations;
}

}  // namespace ncirt::iodef
