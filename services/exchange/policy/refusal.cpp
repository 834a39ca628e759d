#include "exchange/policy/refusal.hpp"

namespace ncirt::exchange::policy {

std::string_view ReasonName(RefusalReason reason) {
  switch (reason) {
    case RefusalReason::kUnmarked: return "unmarked";
    case RefusalReason::kRed: return "red";
    case RefusalReason::kTlpNotAgreed: return "tlp-not-agreed";
    case RefusalReason::kCategoryNotAgreed: return "category-not-agreed";
    case RefusalReason::kUncategorised: return "uncategorised";
    case RefusalReason::kReshareForbidden: return "reshare-forbidden";
    case RefusalReason::kIdentifierRestricted: return "identifier-restricted";
  }
  return "unknown";
}

}  // namespace ncirt::exchange::policy
