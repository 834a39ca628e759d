#include <fstream>
#include <iostream>

#include "ncirtctl/commands.hpp"
#include "ncirtctl/pdf_render.hpp"

namespace ncirt::ncirtctl {
namespace {

using common::ErrorKind;
using nlohmann::json;

// The statistics as a person reads them: totals, then one table per breakdown.
void PrintStatistics(const json& s) {
  std::cout << RenderFields({{"period", Cell(s["period"]["from"]) + " .. " +
                                            Cell(s["period"]["to"])},
                             {"incidents", Cell(s["incidents"])},
                             {"merged_duplicates", Cell(s["merged_duplicates"])},
                             {"tlp_ceiling", Cell(s["tlp_ceiling"])}});
  const auto breakdown = [&](const char* member, const char* key, const char* title) {
    Table table{{title, "INCIDENTS"}, {}};
    for (const auto& row : s.value(member, json::array())) {
      table.rows.push_back({Cell(row[key]), Cell(row["incidents"])});
    }
    std::cout << "\n" << RenderTable(table);
  };
  breakdown("by_category", "category", "CATEGORY");
  breakdown("by_tlp", "tlp", "TLP");
  breakdown("by_state", "state", "STATE");
  breakdown("by_priority", "priority", "PRIORITY");
  breakdown("by_source_kind", "kind", "SOURCE");
  Table sla{{"PRIORITY", "TRIAGED", "MEDIAN_TRIAGE_MS", "P90_TRIAGE_MS", "RESOLVED",
             "MEDIAN_RESOLVE_MS", "P90_RESOLVE_MS"},
            {}};
  for (const auto& row : s.value("sla", json::array())) {
    const json& t = row["time_to_triage"];
    const json& r = row["time_to_resolve"];
    sla.rows.push_back({Cell(row["priority"]), Cell(t.value("measured", json())),
                        Cell(t.value("median_ms", json())), Cell(t.value("p90_ms", json())),
                        Cell(r.value("measured", json())), Cell(r.value("median_ms", json())),
                        Cell(r.value("p90_ms", json()))});
  }
  std::cout << "\n" << RenderTable(sla);
  Table top{{"TOP_INDICATOR", "KIND", "INCIDENTS"}, {}};
  for (const auto& row : s.value("top_indicators", json::array())) {
    top.rows.push_back({Cell(row["value"]), Cell(row["kind"]), Cell(row["incidents"])});
  }
  std::cout << "\n" << RenderTable(top);
}

}  // namespace

void AddReportCommands(CLI::App& app, Context& ctx) {
  auto* report = app.add_subcommand(
      "report", "Statistics of a period (tables; --json or --csv for scripts), or with --annual "
                "the printable annual report (HTML, or PDF with --pdf)");
  struct Args {
    std::string from, to, tlp, output, pdf;
    int top = 10;
    double pdf_timeout_s = 120;
    int annual = 0;
  };
  auto a = std::make_shared<Args>();
  report->add_option("--from", a->from, "Start, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)");
  report->add_option("--to", a->to, "End (exclusive), same forms");
  report->add_option("--tlp", a->tlp, "Lower the TLP ceiling of named items (e.g. CLEAR)");
  report->add_option("--top", a->top, "How many top indicators and organisations (1-100)")
      ->capture_default_str();
  report->add_option("--annual", a->annual, "The annual report of this year (HTML)");
  report->add_option("-o,--output", a->output, "Write the annual report to this file");
  report->add_option("--pdf", a->pdf,
                     "Write the annual report as PDF to this file (printed by headless "
                     "Chromium: Debian's package chromium, or $NCIRT_CHROMIUM)");
  report->add_option("--pdf-timeout", a->pdf_timeout_s,
                     "Seconds Chromium may take to print before it is stopped")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 3600.0));
  report->callback([&ctx, a] {
    ctx.Finish([&]() -> common::Result<void> {
      if (a->annual != 0) {
        auto answer = ctx.TriageRaw(
            "GET", WithQuery("/v1/reports/annual", {{"year", std::to_string(a->annual)},
                                                    {"tlp", a->tlp},
                                                    {"top", std::to_string(a->top)}}));
        if (!answer) return std::unexpected(answer.error());
        if (answer->status != 200) return std::unexpected(ProblemError(*answer));
        if (!a->pdf.empty()) {
          PdfOptions options;
          options.timeout = std::chrono::milliseconds(
              static_cast<std::int64_t>(a->pdf_timeout_s * 1000));
          if (auto rendered = RenderPdf(answer->body, a->pdf, options); !rendered) {
            return rendered;
          }
          std::cerr << "wrote " << a->pdf << "\n";
          if (a->output.empty()) return {};
        }
        if (a->output.empty()) {
          std::cout << answer->body;
          return {};
        }
        std::ofstream out(a->output, std::ios::binary);
        out << answer->body;
        if (!out) {
          return common::Fail(ErrorKind::kBadRequest, "cannot write '" + a->output + "'",
                              a->output);
        }
        std::cerr << "wrote " << a->output << " (" << answer->body.size() << " bytes)\n";
        return {};
      }
      if (!a->pdf.empty()) {
        return common::Fail(ErrorKind::kBadRequest,
                            "--pdf prints the annual report: give --annual YEAR with it",
                            "--pdf");
      }
      if (a->from.empty() || a->to.empty()) {
        return common::Fail(ErrorKind::kBadRequest,
                            "report needs --from and --to (or --annual YEAR)", "--from");
      }
      const std::vector<std::pair<std::string, std::string>> params = {
          {"from", a->from}, {"to", a->to}, {"tlp", a->tlp}, {"top", std::to_string(a->top)},
          {"format", ctx.settings.csv ? "csv" : ""}};
      if (ctx.settings.csv) {
        auto answer = ctx.TriageRaw("GET", WithQuery("/v1/statistics", params));
        if (!answer) return std::unexpected(answer.error());
        if (answer->status != 200) return std::unexpected(ProblemError(*answer));
        std::cout << answer->body;
        return {};
      }
      auto stats = ctx.Triage("GET", WithQuery("/v1/statistics", params));
      if (!stats) return std::unexpected(stats.error());
      if (ctx.settings.json) std::cout << stats->dump(2) << "\n";
      else PrintStatistics(*stats);
      return {};
    }());
  });
}

}  // namespace ncirt::ncirtctl
