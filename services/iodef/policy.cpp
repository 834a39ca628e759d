#include "iodef/codec.hpp"

namespace ncirt::iodef {

common::Result<Policy> ParsePolicy(std::string_view name) {
  if (name == "strict") return Policy::kStrict;
  if (name == "tolerant") return Policy::kTolerant;
  return common::Fail(common::ErrorKind::kBadRequest,
                      "unknown validation policy '" + std::string(name) +
                          "': use 'strict' or 'tolerant'");
}

std::string_view PolicyName(Policy policy) {
  return policy == Policy::kStrict ? "strict" : "tolerant";
}

}  // namespace ncirt::iodef
