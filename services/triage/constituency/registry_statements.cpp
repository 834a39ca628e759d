#include "triage/constituency/registry_statements.hpp"

#include "triage/constituency/matcher.hpp"
#include "triage/correlation/correlation_store.hpp"

namespace ncirt::triage::constituency {
namespace {

template <typename T>
std::string NumberArray(const std::vector<T>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(values[i]);
  }
  return out + "}";
}

}  // namespace

std::string TextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string IntArray(const std::vector<std::int64_t>& values) { return NumberArray(values); }
std::string IntArray(const std::vector<int>& values) { return NumberArray(values); }

void PrepareConstituencyStatements(pqxx::connection_base& connection) {
  PrepareMatcherStatements(connection);
  PrepareRegistryStatements(connection);
  correlation::PrepareCorrelationStatements(connection);
}

}  // namespace ncirt::triage::constituency
