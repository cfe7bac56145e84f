// Bad files get a clear error naming the file, sheet, row and column where known; never
// a crash or a silently dropped value.

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/files/panel_expect.h"

namespace govmetrics::files {
namespace {

using ::testing::HasSubstr;
using testing::ReferenceFile;

absl::Status ReadStatus(const std::string& path, const std::string& sheet = "", const std::string& entity = "state",
                        const std::string& period = "year") {
  PanelFileOptions options;
  options.entity = entity;
  options.period = period;
  options.read.sheet = sheet;
  return ReadPanelFile(path, options).status();
}

std::string Bytes(const std::string& path) {
  auto bytes = ReadFileBytes(path, int64_t{1} << 30);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : "";
}

absl::Status ReadBytesStatus(const std::string& bytes, const std::string& name) {
  PanelFileOptions options;
  options.entity = "state";
  options.period = "year";
  return ReadPanelBytes(bytes, name, options).status();
}

TEST(BadFiles, TruncatedStatsFilesNameTheFileAndSayDamaged) {
  for (const char* name : {"produc.dta", "produc.sav", "produc.zsav", "produc.sas7bdat"}) {
    const std::string bytes = Bytes(ReferenceFile(name));
    const auto status = ReadBytesStatus(bytes.substr(0, bytes.size() / 2), name);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << name << ": " << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr(name)) << status;
  }
}

TEST(BadFiles, TruncatedWorkbookIsADamagedZip) {
  const std::string bytes = Bytes(ReferenceFile("produc.xlsx"));
  const auto status = ReadBytesStatus(bytes.substr(0, bytes.size() / 2), "produc.xlsx");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("produc.xlsx: damaged or truncated zip archive"));
}

TEST(BadFiles, WrongMagicSaysWhatTheFileReallyIs) {
  const auto status = ReadBytesStatus(Bytes(ReferenceFile("produc.xlsx")), "produc.dta");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("produc.dta: not a Stata .dta file: it is a zip archive"));
  const auto sav = ReadBytesStatus(Bytes(ReferenceFile("produc.dta")), "produc.sav");
  EXPECT_THAT(std::string(sav.message()), HasSubstr("not an SPSS .sav file: it is a Stata .dta file"));
  const auto xlsx = ReadBytesStatus("state,year\nA,2000\n", "produc.xlsx");
  EXPECT_THAT(std::string(xlsx.message()), HasSubstr("not an Excel .xlsx file"));
}

TEST(BadFiles, EncryptedWorkbookAsksToRemoveThePassword) {
  const auto status = ReadStatus(ReferenceFile("encrypted.xlsx"));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("encrypted (password-protected)"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("encrypted.xlsx"));
}

TEST(BadFiles, TextInANumericColumnNamesSheetRowAndColumn) {
  const auto status = ReadStatus(ReferenceFile("bad.xlsx"), "text_in_number");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("bad.xlsx, sheet 'text_in_number', row 18, column C ('lpcap'): text 'n/a' in a column of numbers"));
}

TEST(BadFiles, TextDeclaredMissingIsReadAsNaN) {
  PanelFileOptions options;
  options.entity = "state";
  options.period = "year";
  options.read.sheet = "text_in_number";
  options.read.missing_tokens = {"n/a"};
  auto panel = ReadPanelFile(ReferenceFile("bad.xlsx"), options);
  ASSERT_TRUE(panel.ok()) << panel.status();
  EXPECT_TRUE(std::isnan(panel->columns(0).values(16)));
  EXPECT_EQ(panel->columns(0).values(15), 15.0);
}

TEST(BadFiles, DuplicateColumnNamesNameBothColumns) {
  const auto status = ReadStatus(ReferenceFile("bad.xlsx"), "duplicate");
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("sheet 'duplicate', row 1: duplicate column name 'lpcap' (column C and column D)"));
}

TEST(BadFiles, EmptySheetIsNamed) {
  const auto status = ReadStatus(ReferenceFile("bad.xlsx"), "empty");
  EXPECT_THAT(std::string(status.message()), HasSubstr("bad.xlsx, sheet 'empty': the sheet is empty"));
}

TEST(BadFiles, MergedHeaderCellsAreRefused) {
  const auto status = ReadStatus(ReferenceFile("bad.xlsx"), "merged");
  EXPECT_THAT(std::string(status.message()), HasSubstr("sheet 'merged', row 1: merged header cells C1:D1"));
}

TEST(BadFiles, UnknownSheetListsTheSheets) {
  const auto status = ReadStatus(ReferenceFile("bad.xlsx"), "nope");
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("no sheet 'nope'; the workbook has 'merged', 'empty', 'text_in_number', 'duplicate'"));
}

TEST(BadFiles, MonthlyDatesInThePeriodColumnAreNotYearly) {
  const auto status = ReadStatus(ReferenceFile("grunfeld_monthly.dta"), "", "firm", "year");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("grunfeld_monthly.dta, row 2, column 'year': the period column holds dates that are not "
                        "yearly: entity '1' has two in 1935 (rows 1 and 2)"));
}

TEST(BadFiles, FileOverTheSizeLimitIsRefusedBeforeReading) {
  // A sparse 2 GiB file: nothing is written or read, the size alone is refused.
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("govmetrics_big_" + std::to_string(::getpid()) + ".dta")).string();
  { std::ofstream touch(path, std::ios::binary); }
  std::filesystem::resize_file(path, uint64_t{2} << 30);
  const auto status = ReadStatus(path);
  std::filesystem::remove(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(status.message()), HasSubstr("the file is 2048.0 MiB, over the limit of 1024.0 MiB"));
}

TEST(BadFiles, MissingEntityColumnListsTheColumns) {
  const auto status = ReadStatus(ReferenceFile("produc.dta"), "", "province");
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("produc.dta: no column 'province' for the entity; the columns are state, year, region"));
}

TEST(BadFiles, UnsupportedExtensionsSayWhatIsSupported) {
  EXPECT_THAT(std::string(ReadBytesStatus("x", "data.xls").message()), HasSubstr("save the workbook as .xlsx"));
  EXPECT_THAT(std::string(ReadBytesStatus("x", "data.parquet").message()), HasSubstr("unknown file type"));
}

}  // namespace
}  // namespace govmetrics::files
