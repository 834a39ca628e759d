#pragma once
// A small, hand-made Statistics for the rendering tests: every section filled, with a hostile
// organisation name and indicator value to prove escaping.

#include "triage/stats/statistics.hpp"

namespace ncirt::triage::stats::testing {

inline Statistics SampleStatistics() {
  using namespace std::chrono;
  Statistics s;
  s.period = {time_point_cast<milliseconds>(sys_days{year{2025} / January / 1}),
              time_point_cast<milliseconds>(sys_days{year{2026} / January / 1})};
  s.ceiling = Tlp::kAmber;
  s.incidents = 200;
  s.merged = 4;
  s.by_category = {{"fraud/phishing", 120}, {"availability/ddos", 60}, {"uncategorised", 20}};
  s.by_class = {{"fraud", 120}, {"availability", 60}, {"uncategorised", 20}};
  s.by_sector = {{"unknown", 200}};
  s.by_critical_infrastructure = {{"yes", 0}, {"no", 0}, {"unknown", 200}};
  s.by_source = {{"partner:cert-fr", "partner", "cert-fr", "FR", 50},
                 {"sensor-1", "unknown", "", "", 150}};
  s.by_source_kind = {{"partner", 50}, {"constituent", 0}, {"sensor", 0}, {"unknown", 150}};
  s.by_partner_country = {{"FR", 50}};
  s.by_tlp = {{"CLEAR", 10}, {"GREEN", 120}, {"AMBER", 50}, {"AMBER+STRICT", 10}, {"RED", 10}};
  s.by_state = {{"new", 20},     {"triaged", 30}, {"in_progress", 10}, {"waiting", 0},
                {"resolved", 40}, {"closed", 90},  {"rejected", 10},    {"merged", 4}};
  s.by_priority = {{"1", 10}, {"2", 40}, {"3", 100}, {"4", 50}};
  s.by_month = {{"2025-01", 80}, {"2025-02", 120}};
  s.sla = {
      SlaRow{1, 900, 14400, {10, 300'000, 1'200'000, 8}, {5, 3'600'000, 7'200'000, 5}},
      SlaRow{2, 3600, 86400, {40, 1'800'000, 3'000'000, 40}, {30, 50'000'000, 80'000'000, 29}},
      SlaRow{3, 14400, 259200, {100, 600'000, 20'000'000, 99}, {95, 1'000'000, 9'000'000, 95}},
      SlaRow{4, 86400, 1209600, {30, 60'000, 90'000, 30}, {0, std::nullopt, std::nullopt, 0}},
      SlaRow{std::nullopt, std::nullopt, std::nullopt, {180, 600'000, 3'000'000, 177},
             {130, 3'600'000, 50'000'000, 129}},
  };
  s.partners = {{"cert-fr", "FR", 12, 10, 1, 1, 3, 50, 48}};
  s.top_indicators = {{"ipv4-address", "192.0.2.7", 30}, {"url", "=cmd|'/c calc'!A1", 2}};
  s.top_organisations = {{"<script>alert(1)</script>", 7}, {"acme, inc.", 3}};
  return s;
}

}  // namespace ncirt::triage::stats::testing
