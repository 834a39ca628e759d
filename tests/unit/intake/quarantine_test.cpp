#include "intake/quarantine.hpp"

#include <gtest/gtest.h>

namespace ncirt::intake {
namespace {

TEST(QuarantineTest, DocumentRejectionsAreKeptAuthAndOutagesAreNot) {
  using common::ErrorKind;
  for (ErrorKind kind : {ErrorKind::kInvalidDocument, ErrorKind::kSchemaViolation,
                         ErrorKind::kUnmappable, ErrorKind::kTooLarge,
                         ErrorKind::kUnsupportedMediaType, ErrorKind::kConflict,
                         ErrorKind::kBadRequest}) {
    EXPECT_TRUE(IsQuarantined(kind)) << common::KindName(kind);
  }
  for (ErrorKind kind : {ErrorKind::kUnauthenticated, ErrorKind::kForbidden,
                         ErrorKind::kOverloaded, ErrorKind::kUnavailable}) {
    EXPECT_FALSE(IsQuarantined(kind)) << common::KindName(kind);
  }
}

TEST(QuarantineTest, EntryKeepsReasonSubmitterProblemAndBytes) {
  const common::Error error{common::ErrorKind::kSchemaViolation, "Element 'X' not expected", {}};
  const nlohmann::json problem = {{"status", 400}, {"line", 3}};
  const auto entry = MakeQuarantineEntry("sensor-1", "application/xml", "<doc/>", error, problem,
                                         "req-1", 1024);
  EXPECT_EQ(entry.submitter, "sensor-1");
  EXPECT_EQ(entry.reason, "schema-violation");
  EXPECT_EQ(entry.status, 400);
  EXPECT_EQ(entry.detail, "Element 'X' not expected");
  EXPECT_EQ(entry.problem, problem);
  EXPECT_EQ(entry.content, "<doc/>");
  EXPECT_EQ(entry.content_size, 6);
  EXPECT_FALSE(entry.truncated);
  EXPECT_EQ(entry.request_id, "req-1");
}

TEST(QuarantineTest, OversizedDocumentIsKeptOnlyUpToTheLimitAndMarked) {
  const std::string body(5000, 'x');
  const common::Error error{common::ErrorKind::kTooLarge, "too large", {}};
  const auto entry =
      MakeQuarantineEntry("s", "application/xml", body, error, {}, "r", 1000);
  EXPECT_EQ(entry.content.size(), 1000u);
  EXPECT_EQ(entry.content_size, 5000);
  EXPECT_TRUE(entry.truncated);
  EXPECT_EQ(entry.status, 413);
}

}  // namespace
}  // namespace ncirt::intake
