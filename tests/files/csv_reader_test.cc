// The CSV reader (moved here from the CLI): RFC 4180 quoting, BOM, Stata "." and NA as
// missing, labels for text columns, and errors that name the file and row.

#include "common/files/csv_reader.h"

#include <cmath>

#include "common/files/panel_from_table.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace govmetrics::files {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<common::v1::Panel> Panel(const std::string& text, ReadOptions options = {}) {
  options.text_columns.push_back("id");
  auto table = ReadCsv(text, "t.csv", options);
  if (!table.ok()) return table.status();
  return PanelFromTable(*table, "id", "year");
}

TEST(CsvReader, QuotedFieldsBomAndCrLfAreParsed) {
  auto panel = Panel("\xEF\xBB\xBFid,year,name,x\r\n\"0,7\",2015,\"say \"\"hi\"\"\nthere\",1.5\r\nB,2016,北京,2\r\n");
  ASSERT_TRUE(panel.ok()) << panel.status();
  EXPECT_EQ(panel->entity(0), "0,7");
  EXPECT_EQ(panel->labels(0).values(0), "say \"hi\"\nthere");
  EXPECT_EQ(panel->labels(0).values(1), "北京");
  EXPECT_EQ(panel->columns(0).values(1), 2.0);
}

TEST(CsvReader, StataDotAndNaAreMissing) {
  auto panel = Panel("id,year,x\nA,1,.\nA,2,NA\nA,3,\nA,4,4\n");
  ASSERT_TRUE(panel.ok()) << panel.status();
  for (int r = 0; r < 3; ++r) EXPECT_TRUE(std::isnan(panel->columns(0).values(r))) << r;
  EXPECT_EQ(panel->columns(0).values(3), 4.0);
}

TEST(CsvReader, IdentifiersKeepTheirSpelling) {
  auto panel = Panel("id,year\n007,2015\n");
  ASSERT_TRUE(panel.ok()) << panel.status();
  EXPECT_EQ(panel->entity(0), "007");
}

TEST(CsvReader, RowWithTheWrongFieldCountIsNamedByLine) {
  auto panel = Panel("id,year,x\nA,1,2\nA,2\n");
  EXPECT_THAT(std::string(panel.status().message()), HasSubstr("t.csv, row 3: row has 2 fields, header has 3"));
}

TEST(CsvReader, UnterminatedQuoteIsNamedByLine) {
  auto panel = Panel("id,year,x\nA,1,\"2\n");
  EXPECT_THAT(std::string(panel.status().message()), HasSubstr("t.csv, row 2: unterminated quote"));
}

TEST(CsvReader, TextAfterAClosingQuoteIsKept) {
  auto panel = Panel("id,year,note\nA,1,\"x\"y\n");
  ASSERT_TRUE(panel.ok()) << panel.status();
  EXPECT_EQ(panel->labels(0).values(0), "xy");
}

TEST(CsvReader, AnyTextCellMakesALabelAsInEveryClient) {
  // The rule shared with the Python, Node, Go and Java readers (tests/clients/
  // csv_conformance); typed .xlsx sheets refuse the mix instead (bad_files_test.cc).
  auto panel = Panel("id,year,x\nA,1,007\nA,2,2\nA,3,n/a\n");
  ASSERT_TRUE(panel.ok()) << panel.status();
  ASSERT_EQ(panel->labels_size(), 1);
  EXPECT_EQ(panel->labels(0).values(0), "007");
  EXPECT_EQ(panel->labels(0).values(2), "n/a");
}

TEST(CsvReader, DuplicateAndEmptyHeaderNamesAreRefused) {
  EXPECT_THAT(std::string(Panel("id,year,x,x\nA,1,1,2\n").status().message()),
              HasSubstr("t.csv, row 1: duplicate column name 'x' (column 3 and column 4)"));
  EXPECT_THAT(std::string(Panel("id,year,\nA,1,1\n").status().message()), HasSubstr("column 3 has no name"));
}

TEST(CsvReader, NonIntegerPeriodNamesTheCell) {
  EXPECT_THAT(std::string(Panel("id,year\nA,2015.5\n").status().message()),
              HasSubstr("t.csv, row 2, column 'year': period 2015.5 is not an integer"));
  EXPECT_THAT(std::string(Panel("id,year,r\nA,2015年,x\n").status().message()),
              HasSubstr("period '2015年' is not an integer"));
}

TEST(CsvReader, EmptyFileHasNoHeader) {
  EXPECT_THAT(std::string(Panel("").status().message()), HasSubstr("t.csv: the file is empty"));
}

}  // namespace
}  // namespace govmetrics::files
