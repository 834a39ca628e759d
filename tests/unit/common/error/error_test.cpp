#include "common/error/error.hpp"

#include <gtest/gtest.h>

namespace ncirt::common {
namespace {

Result<int> ParsePort(int raw) {
  if (raw <= 0 || raw > 65535) return Fail(ErrorKind::kBadConfig, "port out of range", "NCIRT_X");
  return raw;
}

TEST(ErrorTest, FailureCarriesKindMessageAndWhere) {
  const auto r = ParsePort(70000);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kBadConfig);
  EXPECT_EQ(r.error().ToString(), "port out of range (NCIRT_X)");
}

TEST(ErrorTest, EveryDocumentKindMapsToAClientErrorStatus) {
  struct Case { ErrorKind kind; int status; std::string_view name; };
  const Case cases[] = {
      {ErrorKind::kInvalidDocument, 400, "invalid-document"},
      {ErrorKind::kSchemaViolation, 400, "schema-violation"},
      {ErrorKind::kUnmappable, 400, "unmappable"},
      {ErrorKind::kTooLarge, 413, "too-large"},
      {ErrorKind::kUnsupportedMediaType, 415, "unsupported-media-type"},
      {ErrorKind::kUnauthenticated, 401, "unauthenticated"},
      {ErrorKind::kForbidden, 403, "forbidden"},
      {ErrorKind::kOverloaded, 429, "overloaded"},
      {ErrorKind::kUnavailable, 503, "unavailable"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ToHttpStatus(c.kind), c.status) << c.name;
    EXPECT_EQ(KindName(c.kind), c.name);
  }
}

}  // namespace
}  // namespace ncirt::common
