#include "triage/stats/annual_report.hpp"

#include <openssl/evp.h>

#include <algorithm>

#include "triage/stats/summary_text.hpp"
#include "triage/stats/svg_chart.hpp"

namespace ncirt::triage::stats {
namespace {

using namespace std::chrono;

constexpr const char* kStyle = R"css(
body { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; color: #111; margin: 2em auto;
       max-width: 190mm; }
h1 { font-size: 20pt; margin: 0.2em 0; }
h2 { font-size: 14pt; border-bottom: 1px solid #2f5d8a; margin-top: 1.6em; }
h3 { font-size: 11pt; margin: 0.8em 0 0.2em; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #bbb; padding: 2px 8px; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.marking.running { display: none; }
.marking { display: inline-block; background: #000; font-weight: bold; padding: 2px 8px;
           font-family: monospace; font-size: 10pt; }
.tlp-CLEAR { color: #fff; } .tlp-GREEN { color: #33ff00; } .tlp-AMBER { color: #ffc000; }
.tlp-AMBER-STRICT { color: #ffc000; } .tlp-RED { color: #ff2b2b; }
.lead p { font-size: 12pt; line-height: 1.45; }
.note { color: #555; font-size: 9pt; }
section { break-inside: avoid; page-break-inside: avoid; }
svg.chart { display: block; margin: 0.4em 0; max-width: 100%; height: auto; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; }
  .marking.running { display: block; position: fixed; top: 0; right: 0; }
  .marking.first { display: none; }
  h2 { break-after: avoid; }
  section.page { break-before: page; }
}
)css";

std::string Base64(const unsigned char* data, int size) {
  std::string out(static_cast<std::size_t>(4 * ((size + 2) / 3)), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, size);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string StyleHash() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  const std::string_view style(kStyle);
  EVP_Digest(style.data(), style.size(), digest, &size, EVP_sha256(), nullptr);
  return "sha256-" + Base64(digest, static_cast<int>(size));
}

std::string TlpClass(Tlp tlp) {
  return tlp == Tlp::kAmberStrict ? "tlp-AMBER-STRICT" : "tlp-" + std::string(TlpName(tlp));
}

std::string TlpColour(const std::string& tlp) {
  if (tlp == "RED") return "#ff2b2b";
  if (tlp == "AMBER" || tlp == "AMBER+STRICT") return "#ffc000";
  if (tlp == "GREEN") return "#33cc00";
  return "#ffffff";
}

std::string Td(const std::string& text) { return "<td>" + EscapeXml(text) + "</td>"; }
std::string TdN(std::int64_t n) { return "<td class=\"n\">" + Thousands(n) + "</td>"; }
std::string TdText(const std::string& text) {
  return "<td class=\"n\">" + EscapeXml(text) + "</td>";
}

std::vector<Bar> Bars(const std::vector<Count>& counts, std::size_t max) {
  std::vector<Bar> bars;
  std::int64_t rest = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (i < max) {
      bars.push_back({counts[i].key, counts[i].incidents, ""});
    } else {
      rest += counts[i].incidents;
    }
  }
  if (rest > 0) bars.push_back({"all others", rest, "#9aa9b8"});
  return bars;
}

std::string CountTable(const char* key_title, const std::vector<Count>& counts,
                       std::int64_t total) {
  std::string html = "<table><tr><th>" + std::string(key_title) +
                     "</th><th class=\"n\">incidents</th><th class=\"n\">share</th></tr>";
  for (const Count& c : counts) {
    html += "<tr>" + Td(c.key) + TdN(c.incidents) + TdText(Percent(c.incidents, total)) + "</tr>";
  }
  return html + "</table>";
}

std::string Duration(const std::optional<std::int64_t>& ms) {
  return ms ? HumanDuration(*ms) : "\u2014";
}

std::string SlaTable(const Statistics& s) {
  std::string html =
      "<table><tr><th>priority</th><th class=\"n\">triage target</th><th class=\"n\">triaged"
      "</th><th class=\"n\">median</th><th class=\"n\">90%</th><th class=\"n\">within target"
      "</th><th class=\"n\">resolve target</th><th class=\"n\">resolved</th><th class=\"n\">"
      "median</th><th class=\"n\">90%</th><th class=\"n\">within target</th></tr>";
  for (const SlaRow& row : s.sla) {
    const auto target = [](const std::optional<std::int64_t>& s_) {
      return s_ ? HumanDuration(*s_ * 1000) : std::string("own");
    };
    html += "<tr>" + Td(row.priority ? "P" + std::to_string(*row.priority) : "all") +
            TdText(target(row.triage_target_s)) + TdN(row.triage.measured) +
            TdText(Duration(row.triage.median_ms)) + TdText(Duration(row.triage.p90_ms)) +
            TdText(Percent(row.triage.within_target, row.triage.measured)) +
            TdText(target(row.resolve_target_s)) + TdN(row.resolve.measured) +
            TdText(Duration(row.resolve.median_ms)) + TdText(Duration(row.resolve.p90_ms)) +
            TdText(Percent(row.resolve.within_target, row.resolve.measured)) + "</tr>";
  }
  return html + "</table>";
}

std::string PartnerTable(const Statistics& s) {
  if (s.partners.empty()) return "<p>No partner CIRT is registered.</p>";
  std::string html =
      "<table><tr><th>partner</th><th>country</th><th class=\"n\">sent</th><th class=\"n\">"
      "delivered</th><th class=\"n\">pending</th><th class=\"n\">refused by partner</th>"
      "<th class=\"n\">refused by policy</th><th class=\"n\">received</th><th class=\"n\">"
      "applied</th></tr>";
  for (const PartnerShares& p : s.partners) {
    html += "<tr>" + Td(p.partner) + Td(p.country) + TdN(p.sent) + TdN(p.delivered) +
            TdN(p.pending) + TdN(p.refused_by_partner) + TdN(p.refused_by_policy) +
            TdN(p.received) + TdN(p.received_applied) + "</tr>";
  }
  return html + "</table>";
}

std::string SourceTable(const Statistics& s) {
  std::string html =
      "<table><tr><th>source</th><th>kind</th><th>country</th><th class=\"n\">incidents</th>"
      "</tr>";
  for (std::size_t i = 0; i < s.by_source.size() && i < 15; ++i) {
    const SourceCount& c = s.by_source[i];
    html += "<tr>" + Td(c.submitter) + Td(c.kind) + Td(c.country) + TdN(c.incidents) + "</tr>";
  }
  if (s.by_source.size() > 15) {
    const auto more = static_cast<std::int64_t>(s.by_source.size() - 15);
    html += "<tr><td colspan=\"4\">and " + Thousands(more) +
            " more sources</td></tr>";
  }
  return html + "</table>";
}

std::string NamedItems(const Statistics& s) {
  const std::string marking = "TLP:" + std::string(TlpName(s.ceiling));
  std::string html = "<p class=\"note\">Drawn only from incidents marked " + EscapeXml(marking) +
                     " or less restrictive.</p>";
  if (s.top_indicators.empty()) {
    html += "<p>No indicators.</p>";
  } else {
    html += "<table><tr><th>kind</th><th>indicator</th><th class=\"n\">incidents</th></tr>";
    for (const IndicatorCount& i : s.top_indicators) {
      html += "<tr>" + Td(i.kind) + Td(i.value) + TdN(i.incidents) + "</tr>";
    }
    html += "</table>";
  }
  if (s.top_organisations.empty()) {
    html += "<p>No affected organisation is recorded for these incidents.</p>";
  } else {
    html += CountTable("organisation", s.top_organisations, s.incidents);
  }
  return html;
}

bool IsCalendarYear(const Period& p) {
  const year_month_day from{floor<days>(p.from)};
  return floor<days>(p.from) == p.from && from.month() == January && from.day() == day{1} &&
         p.to == time_point_cast<milliseconds>(sys_days{(from.year() + years{1}) / January / 1});
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ReportHeaders() {
  static const std::string csp = "default-src 'none'; style-src '" + StyleHash() +
                                 "'; img-src 'none'; base-uri 'none'; form-action 'none'; "
                                 "frame-ancestors 'none'";
  return {{"Content-Security-Policy", csp},
          {"X-Frame-Options", "DENY"},
          {"Referrer-Policy", "no-referrer"},
          {"X-Content-Type-Options", "nosniff"},
          {"Cache-Control", "no-store"}};
}

std::string AnnualReportHtml(const Statistics& s, TimePoint generated_at,
                             const std::string& generated_by) {
  const std::string marking = "TLP:" + std::string(TlpName(s.ceiling));
  const std::string title =
      IsCalendarYear(s.period)
          ? "Annual incident report " + FormatDate(s.period.from).substr(0, 4)
          : "Incident report " + HumanPeriod(s.period);
  const std::string tag = "<span class=\"marking first " + TlpClass(s.ceiling) + "\">" +
                          EscapeXml(marking) + "</span>";
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                     EscapeXml(title) + "</title><style>" + kStyle + "</style></head><body>";
  html += "<div class=\"marking running " + TlpClass(s.ceiling) + "\">" + EscapeXml(marking) +
          "</div>";
  html += "<header>" + tag + "<h1>" + EscapeXml(title) + "</h1><p>" +
          EscapeXml(HumanPeriod(s.period)) + " (UTC), by arrival in triage.</p></header>";

  html += "<section class=\"lead\"><h2>Summary</h2>";
  for (const std::string& paragraph : SummaryParagraphs(s)) {
    html += "<p>" + EscapeXml(paragraph) + "</p>";
  }
  html += "</section><section><h2>Incidents per month</h2>" +
          ColumnChart("Incidents per month", Bars(s.by_month, 24)) + "</section>";

  html += "<section class=\"page\"><h2>Categories (ENISA RSIT)</h2>" +
          BarChart("Incidents by category", Bars(s.by_category, 12)) +
          CountTable("class", s.by_class, s.incidents) + "</section>";

  std::vector<Bar> tlp_bars;
  for (const Count& c : s.by_tlp) {
    tlp_bars.push_back({"TLP:" + c.key, c.incidents, TlpColour(c.key)});
  }
  html += "<section><h2>Markings and states</h2><h3>By TLP marking</h3>" +
          BarChart("Incidents by TLP", tlp_bars) +
          "<h3>By state (merged duplicates included)</h3>" +
          BarChart("Incidents by state", Bars(s.by_state, 8)) + "</section>";

  html += "<section class=\"page\"><h2>Sources</h2>" +
          BarChart("Incidents by kind of source", Bars(s.by_source_kind, 4)) + SourceTable(s) +
          (s.by_partner_country.empty()
               ? std::string()
               : CountTable("partner country", s.by_partner_country, s.incidents)) +
          "</section>";
  html += "<section><h2>Sectors and critical infrastructure</h2>" +
          CountTable("sector", s.by_sector, s.incidents) +
          CountTable("critical infrastructure", s.by_critical_infrastructure, s.incidents) +
          (s.constituency_known ? std::string()
                                : "<p class=\"note\">Triage had no constituency registry for "
                                  "this period: sectors are unknown.</p>") +
          "</section>";

  html += "<section class=\"page\"><h2>Speed against the SLA</h2>" + SlaTable(s) +
          "<p class=\"note\">Time to triage: from arrival until the incident left the queue's "
          "new state. Time to resolve: SLA time (the clock stops while waiting for others) "
          "until resolved. Percentiles are nearest-rank values, exact to the second under 10 "
          "minutes, to 10 s under an hour, to the minute under a day, to the hour beyond.</p>"
          "</section>";
  html += "<section><h2>Sharing with partner CIRTs</h2>" + PartnerTable(s) + "</section>";
  html += "<section class=\"page\"><h2>Most frequent indicators and affected organisations</h2>" +
          NamedItems(s) + "</section>";
  html += "<footer><p class=\"note\">Generated by ncirt on " +
          EscapeXml(FormatInstant(generated_at)) + " for " + EscapeXml(generated_by) +
          ". Marking of this report: " + EscapeXml(marking) + ".</p></footer></body></html>\n";
  return html;
}

}  // namespace ncirt::triage::stats
