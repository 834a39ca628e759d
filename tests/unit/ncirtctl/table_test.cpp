#include "ncirtctl/table.hpp"

#include <gtest/gtest.h>

namespace ncirt::ncirtctl {
namespace {

TEST(TableTest, ColumnsAlignAndControlCharactersCannotBreakTheLayout) {
  const Table table{{"ID", "STATE"}, {{"a1", "new"}, {"b22222", "in\nprogress"}}};
  EXPECT_EQ(RenderTable(table),
            "ID      STATE\n"
            "a1      new\n"
            "b22222  in progress\n");
}

TEST(TableTest, EmptyTableSaysSo) {
  EXPECT_EQ(RenderTable({{"ID"}, {}}), "ID\n(none)\n");
}

TEST(TableTest, CsvQuotesOnlyWhatNeedsIt) {
  const Table table{{"A", "B"}, {{"plain", "has,comma"}, {"say \"hi\"", "two\nlines"}}};
  EXPECT_EQ(RenderCsv(table), "A,B\nplain,\"has,comma\"\n\"say \"\"hi\"\"\",\"two\nlines\"\n");
}

TEST(TableTest, FieldsAlignTheirKeys) {
  EXPECT_EQ(RenderFields({{"id", "x"}, {"state", "new"}}), "id:    x\nstate: new\n");
}

}  // namespace
}  // namespace ncirt::ncirtctl
