#include "common/pg/transaction.hpp"

namespace ncirt::common::pg {

std::string_view SetIsolationStatement(Isolation isolation) {
  switch (isolation) {
    case Isolation::kReadCommitted:
      return {};
    case Isolation::kRepeatableRead:
      return "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
    case Isolation::kSerializable:
      return "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE";
  }
  return {};
}

}  // namespace ncirt::common::pg
