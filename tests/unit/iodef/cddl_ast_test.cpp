#include "iodef/cddl_ast.hpp"

#include <gtest/gtest.h>

namespace ncirt::iodef::cddl {
namespace {

// An entry without an occurrence indicator occurs exactly once (RFC 8610 §3.2).
TEST(CddlAstTest, AnEntryOccursExactlyOnceByDefault) {
  const GroupEntry entry;
  EXPECT_EQ(entry.occurrence.min, 1u);
  EXPECT_EQ(entry.occurrence.max, 1u);
  EXPECT_GT(Occurrence::kUnbounded, std::uint64_t{1} << 62);
}

TEST(CddlAstTest, NodesAreSharedImmutably) {
  auto type = std::make_shared<const Type>(Type{{Type1{Type2{}, {}, std::nullopt}}});
  Type2 parenthesised;
  parenthesised.kind = Type2::Kind::kParenthesized;
  parenthesised.inner = type;
  const Type2 copy = parenthesised;
  EXPECT_EQ(copy.inner.get(), type.get());  // copies share the node, so addresses stay stable
}

}  // namespace
}  // namespace ncirt::iodef::cddl
