#include "triage/stats/breakdowns.hpp"

#include <algorithm>
#include <map>

#include "triage/constituency/registry_types.hpp"
#include "triage/workflow.hpp"

namespace ncirt::triage::stats {
namespace {

std::vector<Count> FromMap(const std::map<std::string, std::int64_t>& map) {
  std::vector<Count> out;
  for (const auto& [key, n] : map) {
    if (n != 0) out.push_back({key, n});
  }
  SortCounts(out);
  return out;
}

std::int64_t Get(const std::map<std::string, std::int64_t>& map, const std::string& key) {
  const auto it = map.find(key);
  return it == map.end() ? 0 : it->second;
}

void AssembleSources(const std::map<std::string, std::int64_t>& submitters,
                     const std::vector<PartnerRef>& partners,
                     const ConstituencyFigures& constituency, Statistics& out) {
  std::map<std::string, std::int64_t> kinds{{"partner", 0}, {"constituent", 0}, {"sensor", 0},
                                           {kUnknown, 0}};
  std::map<std::string, std::int64_t> countries;
  for (const auto& [submitter, n] : submitters) {
    if (n == 0) continue;
    SourceCount source{submitter, kUnknown, "", "", n};
    if (submitter.starts_with(kPartnerPrefix)) {
      source.kind = "partner";
      source.partner = submitter.substr(std::string_view(kPartnerPrefix).size());
      const auto it = std::find_if(partners.begin(), partners.end(),
                                   [&](const PartnerRef& p) { return p.name == source.partner; });
      // A partner removed from the registry since keeps its incidents, country unknown.
      source.country = it == partners.end() ? kUnknown : it->country;
      countries[source.country] += n;
    } else if (constituency.known) {
      const auto& h = constituency.handles;
      source.kind = std::find(h.begin(), h.end(), submitter) != h.end() ? "constituent" : "sensor";
    }
    kinds[source.kind] += n;
    out.by_source.push_back(std::move(source));
  }
  std::sort(out.by_source.begin(), out.by_source.end(),
            [](const SourceCount& a, const SourceCount& b) {
              return a.incidents != b.incidents ? a.incidents > b.incidents
                                                : a.submitter < b.submitter;
            });
  for (const char* kind : {"partner", "constituent", "sensor", kUnknown}) {
    out.by_source_kind.push_back({kind, kinds[kind]});
  }
  out.by_partner_country = FromMap(countries);
}

}  // namespace

ConstituencyFigures RegistryFigures(const std::vector<CountRow>& rows, Tlp ceiling,
                                    std::vector<std::string> handles) {
  ConstituencyFigures out;
  out.known = !handles.empty();
  out.handles = std::move(handles);
  const std::vector<std::string> visible = TlpsUpTo(ceiling);
  std::map<std::string, std::int64_t> sectors, organisations;
  for (const CountRow& row : rows) {
    if (row.dimension == "sectors") {
      bool critical = false;
      for (std::size_t at = 0; at <= row.value.size();) {
        const std::size_t end = std::min(row.value.find(',', at), row.value.size());
        const std::string sector = row.value.substr(at, end - at);
        sectors[sector] += row.n;
        critical = critical || constituency::IsCriticalInfrastructure(sector);
        at = end + 1;
      }
      out.matched += row.n;
      if (critical) out.critical += row.n;
    } else if (row.dimension == "organisation" &&
               std::find(visible.begin(), visible.end(), row.tlp) != visible.end()) {
      organisations[row.value] += row.n;
    }
  }
  out.sectors = FromMap(sectors);
  out.organisations = FromMap(organisations);
  return out;
}

void SortCounts(std::vector<Count>& counts) {
  std::sort(counts.begin(), counts.end(), [](const Count& a, const Count& b) {
    return a.incidents != b.incidents ? a.incidents > b.incidents : a.key < b.key;
  });
}

void AssembleCounts(const std::vector<CountRow>& rows, const std::vector<PartnerRef>& partners,
                    int top, Statistics& out, const ConstituencyFigures& constituency) {
  std::map<std::string, std::int64_t> categories, classes, states, tlps, priorities, submitters,
      organisations;
  const std::vector<std::string> visible = TlpsUpTo(out.ceiling);
  for (const CountRow& row : rows) {
    if (row.dimension == "category") {
      const std::string key = row.value.empty() ? kUncategorised : row.value;
      categories[key] += row.n;
      classes[key.substr(0, key.find('/'))] += row.n;
    } else if (row.dimension == "state") {
      states[row.value] += row.n;
    } else if (row.dimension == "priority") {
      priorities[row.value] += row.n;
      tlps[row.tlp] += row.n;
      out.incidents += row.n;
    } else if (row.dimension == "submitter") {
      submitters[row.value] += row.n;
    } else if (row.dimension == "constituent" && !row.value.empty() &&
               std::find(visible.begin(), visible.end(), row.tlp) != visible.end()) {
      organisations[row.value] += row.n;
    }
  }
  out.merged = Get(states, "merged");
  out.by_category = FromMap(categories);
  out.by_class = FromMap(classes);
  for (State state : AllStates()) {
    const std::string name(StateName(state));
    out.by_state.push_back({name, Get(states, name)});
  }
  for (const std::string& tlp : TlpsUpTo(Tlp::kRed)) out.by_tlp.push_back({tlp, Get(tlps, tlp)});
  for (const char* p : {"1", "2", "3", "4"}) out.by_priority.push_back({p, Get(priorities, p)});
  AssembleSources(submitters, partners, constituency, out);
  out.constituency_known = constituency.known;
  if (!constituency.known) {
    // Without a registry every incident is honestly "unknown" rather than guessed.
    out.by_sector = {{kUnknown, out.incidents}};
    out.by_critical_infrastructure = {{"yes", 0}, {"no", 0}, {kUnknown, out.incidents}};
    out.top_organisations = FromMap(organisations);
  } else {
    out.by_sector = constituency.sectors;
    SortCounts(out.by_sector);
    if (out.incidents > constituency.matched) {
      out.by_sector.push_back({kUnknown, out.incidents - constituency.matched});
    }
    out.by_critical_infrastructure = {{"yes", constituency.critical},
                                      {"no", constituency.matched - constituency.critical},
                                      {kUnknown, out.incidents - constituency.matched}};
    out.top_organisations = constituency.organisations;
    SortCounts(out.top_organisations);
  }
  if (out.top_organisations.size() > static_cast<std::size_t>(top)) {
    out.top_organisations.resize(static_cast<std::size_t>(top));
  }
}

}  // namespace ncirt::triage::stats
