// RegistryStore::Import: the CSV import's database half. The plan (csv_import.hpp) is checked
// against the registry first, reading only; any bad row stops it before anything is written,
// so a refused or dry-run import changes nothing, and an accepted one is applied in the same
// transaction the check ran in (rows it read are locked FOR UPDATE, so the check still holds).
#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>
#include <pqxx/transaction>

#include "common/pg/transaction.hpp"
#include "triage/constituency/matcher.hpp"
#include "triage/constituency/registry_sql.hpp"
#include "triage/constituency/registry_statements.hpp"
#include "triage/constituency/registry_store.hpp"

namespace ncirt::triage::constituency {
namespace {

enum class OrgChange { kNone, kCreate, kUpdate };

bool Same(const OrganisationAttributes& a, const OrganisationAttributes& b) {
  return a.name == b.name && a.sector == b.sector && a.criticality == b.criticality;
}

struct Checked {
  std::vector<OrgChange> organisations;  // parallel to plan.organisations
  std::vector<bool> add;                 // parallel to plan.facts
};

Checked Check(pqxx::work& work, const ImportPlan& plan, ImportReport& report) {
  Checked checked;
  for (const auto& o : plan.organisations) {
    const auto current = sql::CurrentVersion(work, o.handle);
    OrgChange change = OrgChange::kNone;
    if (!current) {
      if (!o.attributes) {
        report.errors.push_back(ImportError{
            o.first_line, "name",
            "'" + o.handle + "' is not in the registry; give its name and sector on one of "
            "its rows"});
      } else {
        change = OrgChange::kCreate;
        ++report.organisations_created;
      }
    } else if (o.attributes && !Same(*o.attributes, current->attributes)) {
      change = OrgChange::kUpdate;
      ++report.organisations_updated;
    }
    checked.organisations.push_back(change);
  }
  for (const auto& f : plan.facts) {
    bool add = true;
    if (f.fact.kind == FactKind::kContact) {
      add = !sql::HasContact(work, f.handle, f.fact.contact);
    } else if (auto owner = sql::CurrentOwner(work, f.fact)) {
      add = false;
      if (owner->handle != f.handle) {
        report.errors.push_back(ImportError{
            f.line, "value",
            std::string(FactKindName(f.fact.kind)) + " " + f.fact.value +
                " is registered to '" + owner->handle +
                "'; transfer it through the API or remove it there first"});
      }
    }
    checked.add.push_back(add);
    if (add) ++report.facts_added;
    else ++report.unchanged;
  }
  std::stable_sort(report.errors.begin(), report.errors.end(),
                   [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
  return checked;
}

void Apply(pqxx::work& work, const store::Actor& actor, const ImportPlan& plan,
           const Checked& checked, TimePoint now, ImportReport& report) {
  Affected affected;
  std::map<std::string, int> added_per_handle;
  for (std::size_t i = 0; i < plan.facts.size(); ++i) {
    if (!checked.add[i]) continue;
    const auto& f = plan.facts[i];
    // A new organisation's facts are added after it exists (below), so collect first.
    ++added_per_handle[f.handle];
  }
  for (std::size_t i = 0; i < plan.organisations.size(); ++i) {
    const auto& o = plan.organisations[i];
    const OrgChange change = checked.organisations[i];
    if (change == OrgChange::kUpdate) {
      const auto from = sql::CloseVersion(work, o.handle, now, false);
      sql::AddVersion(work, o.handle, *o.attributes, from, actor.name, now);
      affected.handles.push_back(o.handle);
    } else if (change == OrgChange::kCreate) {
      sql::AddVersion(work, o.handle, *o.attributes, std::nullopt, actor.name, now);
    }
    if (change == OrgChange::kNone && added_per_handle[o.handle] == 0) continue;
    AppendAudit(work, actor,
                store::AuditEvent{"constituency-import", sql::Subject(o.handle),
                                  nlohmann::json{{"organisation",
                                                  change == OrgChange::kCreate   ? "created"
                                                  : change == OrgChange::kUpdate ? "updated"
                                                                                 : "unchanged"},
                                                 {"facts_added", added_per_handle[o.handle]}}
                                      .dump()},
                now);
  }
  for (std::size_t i = 0; i < plan.facts.size(); ++i) {
    if (!checked.add[i]) continue;
    const auto& f = plan.facts[i];
    sql::InsertFact(work, f.handle, f.fact, f.valid_from, actor.name);
    sql::NoteAffected(affected, f.fact);
  }
  report.rematched = RematchOpen(work, affected, actor, now);
}

}  // namespace

common::Result<ImportReport> RegistryStore::Import(const store::Actor& actor,
                                                   const ImportPlan& plan, bool dry_run) {
  ImportReport report;
  report.dry_run = dry_run;
  report.rows = plan.rows;
  // The rows that parsed are checked against the registry even when others did not, so one
  // answer lists every bad row.
  return common::pg::RunTransaction(pool_, [&](pqxx::work& work) -> ImportReport {
    PrepareConstituencyStatements(work.conn());
    ImportReport out = report;
    out.errors = plan.errors;
    const Checked checked = Check(work, plan, out);
    if (!out.errors.empty() || dry_run) return out;
    Apply(work, actor, plan, checked, clock_.Now(), out);
    return out;
  });
}

}  // namespace ncirt::triage::constituency
