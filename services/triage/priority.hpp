#pragma once
// The priority of an incident in the triage queue, computed from what the report says and who
// it concerns. Priority 1 is the most urgent, 4 the least; an analyst may override it
// (triage.incidents.severity_override), and the override then wins.
//
// The formula (score 0..100, higher is more urgent; documented in docs/api.md as well):
//
//   impact     = max over the IODEF Assessments of  severity_points x confidence_factor
//                severity_points: high 40, medium 25, low 10, none 0, absent/unknown 15
//                (from SystemImpact, TimeImpact, MonetaryImpact, v1 Impact severities and the
//                BusinessImpact/IntendedImpact severity tokens)
//                confidence_factor: high 1.0, medium 0.8, low 0.6, numeric value clamped to
//                [0.5, 1.0], absent/unknown 0.8
//                An incident with no Assessment at all scores as one "unknown" impact: 12.
//   marking    = RED 15, AMBER and AMBER+STRICT 10, GREEN 5, CLEAR 0: a restricted report was
//                restricted because it is sensitive.
//   constituent= criticality of the affected constituent when constituency knows it:
//                vital (critical infrastructure) 25, essential 15, other 5, unknown 0
//   age        = 20 x (time on the SLA clock / time-to-triage target), capped at 20: waiting
//                incidents climb the queue instead of starving.
//
//   score = round(impact) + marking + constituent + age
//   priority = 1 if score >= 70, 2 if score >= 45, 3 if score >= 25, else 4
//
// Thread-safety: pure functions and plain values.

#include <cstdint>
#include <optional>

#include "ncirt/v1/incident.pb.h"
#include "ncirt/v1/marking.pb.h"

namespace ncirt::triage {

enum class Criticality {
  kUnknown,    // constituency has no entry, or no criticality for it
  kOther,      // a known constituent of no special criticality
  kEssential,  // an essential service (NIS-style "essential entity")
  kVital,      // critical infrastructure
};

struct PriorityInputs {
  // impact as defined above, 0..40.
  double impact = 0;
  v1::Tlp tlp = v1::TLP_UNSPECIFIED;
  Criticality criticality = Criticality::kUnknown;
  // Time on the SLA clock divided by the time-to-triage target; 0 for a fresh incident.
  double age_ratio = 0;
};

struct Priority {
  int score = 0;
  // 1..4
  int level = 4;
};

// The impact term of the formula for one model.
double ImpactOf(const v1::Incident& incident);

// PriorityInputs with the impact and TLP of `incident` and the given constituent criticality.
PriorityInputs InputsFor(const v1::Incident& incident, Criticality criticality);

Priority ComputePriority(const PriorityInputs& inputs);

// The level a score maps to (1..4).
int LevelForScore(int score);

}  // namespace ncirt::triage
