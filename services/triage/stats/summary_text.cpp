#include "triage/stats/summary_text.hpp"

#include <array>
#include <cstdio>

#include "triage/stats/breakdowns.hpp"
#include "triage/stats/svg_chart.hpp"

namespace ncirt::triage::stats {
namespace {

using namespace std::chrono;

std::int64_t Find(const std::vector<Count>& counts, std::string_view key) {
  for (const Count& c : counts) {
    if (c.key == key) return c.incidents;
  }
  return 0;
}

std::string Plural(std::int64_t n, const char* one, const char* many) {
  return Thousands(n) + " " + (n == 1 ? one : many);
}

std::string Volume(const Statistics& s) {
  const std::string period = HumanPeriod(s.period);
  if (s.incidents == 0 && s.merged == 0) return "No incidents arrived " + period + ".";
  std::string text = "The CIRT took in " + Plural(s.incidents, "incident", "incidents") + " " +
                     period + ".";
  if (s.merged > 0) {
    text += " A further " + Plural(s.merged, "report was a duplicate", "reports were duplicates") +
            " of these and merged into them.";
  }
  if (s.by_month.size() >= 2) {
    const Count* busiest = &s.by_month.front();
    for (const Count& m : s.by_month) {
      if (m.incidents > busiest->incidents) busiest = &m;
    }
    text += " The busiest month was " + busiest->key + " with " +
            Plural(busiest->incidents, "incident", "incidents") + ".";
  }
  return text;
}

std::string Categories(const Statistics& s) {
  std::vector<const Count*> named;
  for (const Count& c : s.by_category) {
    if (c.key != kUncategorised && named.size() < 3) named.push_back(&c);
  }
  if (named.empty()) return "";
  std::string text = "The most frequent category was " + named[0]->key + " (" +
                     Percent(named[0]->incidents, s.incidents) + " of incidents)";
  for (std::size_t i = 1; i < named.size(); ++i) {
    text += (i == 1 ? ", followed by " : " and ") + named[i]->key + " (" +
            Percent(named[i]->incidents, s.incidents) + ")";
  }
  text += ".";
  if (const std::int64_t none = Find(s.by_category, kUncategorised); none > 0) {
    text += " " + Percent(none, s.incidents) + " had no category yet.";
  }
  return text;
}

std::string Sources(const Statistics& s) {
  const std::int64_t partner = Find(s.by_source_kind, "partner");
  std::string text;
  if (partner > 0) {
    text = Percent(partner, s.incidents) + " of incidents came from partner CIRTs";
    if (!s.by_partner_country.empty()) {
      text += ", most of them from " + s.by_partner_country.front().key;
    }
    text += "; the rest were reported directly by sensors and constituents.";
  } else {
    text = "All incidents were reported directly, none through partner CIRTs.";
  }
  const std::int64_t marked = Find(s.by_tlp, "AMBER") + Find(s.by_tlp, "AMBER+STRICT") +
                              Find(s.by_tlp, "RED");
  text += " " + Percent(marked, s.incidents) + " were marked TLP:AMBER or more restrictive (" +
          Percent(Find(s.by_tlp, "RED"), s.incidents) + " TLP:RED).";
  return text;
}

std::string Speed(const Statistics& s) {
  if (s.sla.empty()) return "";
  const SlaRow& all = s.sla.back();
  std::string text;
  if (all.triage.measured == 0) {
    text = "No incident of the period has been triaged yet.";
  } else {
    text = "Half of the " + Plural(all.triage.measured, "triaged incident", "triaged incidents") +
           " were triaged within " + HumanDuration(*all.triage.median_ms) + " and 90% within " +
           HumanDuration(*all.triage.p90_ms) + "; " +
           Percent(all.triage.within_target, all.triage.measured) +
           " met the time-to-triage target of their priority.";
  }
  if (all.resolve.measured == 0) {
    text += " None has been resolved yet.";
  } else {
    text += " Of the " + Plural(all.resolve.measured, "resolved incident", "resolved incidents") +
            ", half were resolved within " + HumanDuration(*all.resolve.median_ms) +
            " of SLA time (90% within " + HumanDuration(*all.resolve.p90_ms) + "), and " +
            Percent(all.resolve.within_target, all.resolve.measured) + " met their target.";
  }
  return text;
}

std::string Sharing(const Statistics& s) {
  std::int64_t sent = 0, received = 0;
  int partners_sent = 0, partners_received = 0;
  for (const PartnerShares& p : s.partners) {
    sent += p.sent;
    received += p.received;
    partners_sent += p.sent > 0;
    partners_received += p.received > 0;
  }
  if (sent == 0 && received == 0) return "No incidents were exchanged with partner CIRTs.";
  return "The CIRT sent " + Plural(sent, "share", "shares") + " to " +
         Plural(partners_sent, "partner CIRT", "partner CIRTs") + " and received " +
         Plural(received, "share", "shares") + " from " +
         Plural(partners_received, "partner CIRT", "partner CIRTs") + ".";
}

}  // namespace

std::string HumanDuration(std::int64_t ms) {
  const std::int64_t s = ms / 1000;
  char text[48];
  if (s < 60) {
    std::snprintf(text, sizeof text, "%lld s", static_cast<long long>(s));
  } else if (s < 3600) {
    std::snprintf(text, sizeof text, "%lld min", static_cast<long long>(s / 60));
  } else if (s < 86400) {
    std::snprintf(text, sizeof text, "%lld h %02lld min", static_cast<long long>(s / 3600),
                  static_cast<long long>(s % 3600 / 60));
  } else {
    std::snprintf(text, sizeof text, "%lld d %lld h", static_cast<long long>(s / 86400),
                  static_cast<long long>(s % 86400 / 3600));
  }
  return text;
}

std::string Percent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0 || part <= 0) return "0%";
  const double p = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  char text[16];
  if (p < 0.1) return "<0.1%";
  if (p < 10 && p != static_cast<double>(static_cast<long long>(p))) {
    std::snprintf(text, sizeof text, "%.1f%%", p);
  } else {
    std::snprintf(text, sizeof text, "%.0f%%", p);
  }
  return text;
}

std::string HumanInstant(TimePoint at) {
  static constexpr std::array<const char*, 12> kMonths{
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  const auto day = floor<days>(at);
  if (day != at) return FormatInstant(at);
  const year_month_day date{day};
  return std::to_string(static_cast<unsigned>(date.day())) + " " +
         kMonths[static_cast<unsigned>(date.month()) - 1] + " " +
         std::to_string(static_cast<int>(date.year()));
}

std::string HumanPeriod(const Period& period) {
  const bool midnight = floor<days>(period.to) == period.to;
  const std::string last = midnight ? HumanInstant(period.to - days{1}) : HumanInstant(period.to);
  return "from " + HumanInstant(period.from) + (midnight ? " to " : " until ") + last;
}

std::vector<std::string> SummaryParagraphs(const Statistics& s) {
  std::vector<std::string> out{Volume(s)};
  if (s.incidents == 0) return out;
  if (auto text = Categories(s); !text.empty()) out.push_back(std::move(text));
  out.push_back(Sources(s));
  out.push_back(Speed(s));
  out.push_back(Sharing(s));
  if (!s.constituency_known) {
    out.push_back("Sectors and critical-infrastructure status of the affected organisations "
                  "are not known for this period: triage had no constituency registry to "
                  "look them up in, so those figures read \"unknown\".");
  }
  return out;
}

}  // namespace ncirt::triage::stats
