#include "triage/constituency/csv_import.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "triage/constituency/csv.hpp"
#include "triage/constituency/normalize.hpp"

namespace ncirt::triage::constituency {
namespace {

enum Column { kHandle, kName, kSector, kCriticality, kKind, kValue, kRole, kPhone, kPgp,
              kLanguage, kValidFrom, kColumns };

constexpr std::string_view kColumnNames[kColumns] = {
    "handle", "name",  "sector",          "criticality", "kind",      "value",
    "role",   "phone", "pgp_fingerprint", "language",    "valid_from"};

bool SameAttributes(const OrganisationAttributes& a, const OrganisationAttributes& b) {
  return a.name == b.name && a.sector == b.sector && a.criticality == b.criticality;
}

class Planner {
 public:
  explicit Planner(ImportPlan& plan) : plan_(plan) {}

  void Row(const CsvRecord& record) {
    ++plan_.rows;
    const auto& f = record.fields;
    if (f.size() != kColumns) {
      Error(record.line, "", "the row has " + std::to_string(f.size()) + " fields; every row "
                             "has " + std::to_string(kColumns) + " (" +
                             std::string(kCsvHeader) + ")");
      return;
    }
    const int errors_before = static_cast<int>(plan_.errors.size());
    auto handle = CheckHandle(f[kHandle], "handle");
    if (!handle) Error(record.line, "handle", handle.error().message);
    ImportOrganisation* organisation = handle ? &OrganisationFor(*handle, record.line) : nullptr;
    const bool gives_attributes =
        !f[kName].empty() || !f[kSector].empty() || !f[kCriticality].empty();
    if (gives_attributes) {
      auto attributes = CheckAttributes(f[kName], f[kSector], f[kCriticality], "");
      if (!attributes) {
        Error(record.line, attributes.error().where, attributes.error().message);
      } else if (organisation) {
        Attributes(*organisation, *attributes, record.line);
      }
    }
    std::optional<TimePoint> valid_from;
    if (!f[kValidFrom].empty()) {
      auto parsed = ParseDateTime(f[kValidFrom], "valid_from");
      if (!parsed) Error(record.line, "valid_from", parsed.error().message);
      else valid_from = *parsed;
    }
    if (f[kKind].empty()) {
      if (!f[kValue].empty()) {
        Error(record.line, "kind", "a value needs a kind (range, asn, domain, contact)");
      } else if (!gives_attributes) {
        Error(record.line, "kind", "the row neither sets the organisation's attributes nor "
                                   "adds a fact (kind is empty)");
      }
      return;
    }
    const auto kind = ParseFactKind(f[kKind]);
    if (!kind) {
      Error(record.line, "kind",
            "'" + f[kKind] + "' is not a kind (range, asn, domain, contact, or empty)");
      return;
    }
    if (*kind != FactKind::kContact) {
      for (int c : {kRole, kPhone, kPgp, kLanguage}) {
        if (!f[static_cast<std::size_t>(c)].empty()) {
          Error(record.line, std::string(kColumnNames[c]),
                "only contact rows have a " + std::string(kColumnNames[c]));
        }
      }
    }
    auto fact = CheckFact(*kind, f[kValue],
                          Contact{f[kRole], f[kValue], f[kPhone], f[kPgp], f[kLanguage]},
                          "value");
    if (!fact) {
      const std::string& where = fact.error().where;
      Error(record.line, where.starts_with("value.") && where != "value.email"
                             ? where.substr(6) : std::string("value"),
            fact.error().message);
      return;
    }
    if (static_cast<int>(plan_.errors.size()) != errors_before || !handle) return;
    Fact(record.line, *handle, std::move(*fact), valid_from);
  }

 private:
  void Error(int line, std::string column, std::string message) {
    plan_.errors.push_back(ImportError{line, std::move(column), std::move(message)});
  }

  ImportOrganisation& OrganisationFor(const std::string& handle, int line) {
    auto [it, inserted] = index_.try_emplace(handle, plan_.organisations.size());
    if (inserted) {
      plan_.organisations.push_back(ImportOrganisation{handle, std::nullopt, 0, line});
    }
    return plan_.organisations[it->second];
  }

  void Attributes(ImportOrganisation& organisation, const OrganisationAttributes& attributes,
                  int line) {
    if (!organisation.attributes) {
      organisation.attributes = attributes;
      organisation.attributes_line = line;
    } else if (!SameAttributes(*organisation.attributes, attributes)) {
      Error(line, "name", "the name, sector or criticality of '" + organisation.handle +
                              "' differ from line " +
                              std::to_string(organisation.attributes_line));
    }
  }

  void Fact(int line, const std::string& handle, FactValue fact,
            std::optional<TimePoint> valid_from) {
    if (fact.kind == FactKind::kContact) {
      const auto key = std::make_tuple(handle, fact.contact.role, fact.contact.email);
      if (!contacts_.insert(key).second) return;
    } else {
      const auto key = std::make_pair(fact.kind, fact.value);
      auto [it, inserted] = owners_.try_emplace(key, std::make_pair(handle, line));
      if (!inserted) {
        if (it->second.first != handle) {
          Error(line, "value", "'" + fact.value + "' is given to '" + it->second.first +
                                   "' on line " + std::to_string(it->second.second));
        }
        return;
      }
    }
    plan_.facts.push_back(ImportFact{line, handle, std::move(fact), valid_from});
  }

  ImportPlan& plan_;
  std::map<std::string, std::size_t> index_;
  std::map<std::pair<FactKind, std::string>, std::pair<std::string, int>> owners_;
  std::set<std::tuple<std::string, std::string, std::string>> contacts_;
};

std::string HeaderText(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += fields[i];
  }
  return out;
}

}  // namespace

std::string_view FactKindName(FactKind kind) {
  switch (kind) {
    case FactKind::kRange: return "range";
    case FactKind::kAsn: return "asn";
    case FactKind::kDomain: return "domain";
    case FactKind::kContact: return "contact";
  }
  return "";
}

std::optional<FactKind> ParseFactKind(std::string_view name) {
  for (FactKind k : {FactKind::kRange, FactKind::kAsn, FactKind::kDomain, FactKind::kContact}) {
    if (FactKindName(k) == name) return k;
  }
  return std::nullopt;
}

std::optional<FactKind> ParseFactCollection(std::string_view plural) {
  if (!plural.ends_with('s')) return std::nullopt;
  plural.remove_suffix(1);
  return ParseFactKind(plural);
}

common::Result<FactValue> CheckFact(FactKind kind, std::string_view value, Contact contact,
                                    std::string_view where) {
  FactValue fact;
  fact.kind = kind;
  switch (kind) {
    case FactKind::kRange: {
      auto cidr = NormalizeCidr(value, where);
      if (!cidr) return std::unexpected(cidr.error());
      fact.value = *cidr;
      break;
    }
    case FactKind::kAsn: {
      auto asn = NormalizeAsn(value, where);
      if (!asn) return std::unexpected(asn.error());
      fact.asn = *asn;
      fact.value = std::to_string(*asn);
      break;
    }
    case FactKind::kDomain: {
      auto domain = NormalizeDomain(value, where);
      if (!domain) return std::unexpected(domain.error());
      fact.value = *domain;
      fact.domain_reversed = ReversedDomain(*domain);
      break;
    }
    case FactKind::kContact: {
      contact.email = std::string(value);
      auto checked = CheckContact(std::move(contact), where);
      if (!checked) return std::unexpected(checked.error());
      fact.contact = *checked;
      fact.value = fact.contact.email;
      break;
    }
  }
  return fact;
}

ImportPlan PlanImport(std::string_view csv) {
  ImportPlan plan;
  const CsvParse parsed = ParseCsv(csv);
  for (const auto& e : parsed.errors) plan.errors.push_back(ImportError{e.line, "", e.message});
  if (parsed.records.empty() || parsed.records.front().line != 1) {
    if (parsed.errors.empty() || parsed.errors.front().line != 1) {
      plan.errors.insert(plan.errors.begin(),
                         ImportError{1, "", "the first line must be the header: " +
                                                std::string(kCsvHeader)});
    }
  } else if (HeaderText(parsed.records.front().fields) != kCsvHeader) {
    plan.errors.insert(plan.errors.begin(),
                       ImportError{1, "", "the header is '" +
                                              HeaderText(parsed.records.front().fields) +
                                              "'; it must be exactly: " +
                                              std::string(kCsvHeader)});
  }
  Planner planner(plan);
  for (std::size_t i = 1; i < parsed.records.size(); ++i) planner.Row(parsed.records[i]);
  if (parsed.records.size() <= 1 && plan.errors.empty()) {
    plan.errors.push_back(ImportError{1, "", "the file has a header but no rows"});
  }
  std::stable_sort(plan.errors.begin(), plan.errors.end(),
                   [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
  return plan;
}

}  // namespace ncirt::triage::constituency
