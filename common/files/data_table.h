#ifndef GOVMETRICS_COMMON_FILES_DATA_TABLE_H_
#define GOVMETRICS_COMMON_FILES_DATA_TABLE_H_

// The table every reader produces before it becomes a Panel: typed columns as the file
// stored them (numbers or text), with the metadata a Panel has no room for (value
// labels, date formats, where each column came from for error messages).

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace govmetrics::files {

// How a numeric column encodes calendar time, from the file's display format.
enum class DateKind {
  kNone,         // a plain number
  kDays,         // days since `date_origin_days` (Stata %td, SAS DATE, Excel date cells)
  kSeconds,      // seconds since the origin (SPSS DATE/DATETIME, SAS DATETIME)
  kMilliseconds, // milliseconds since the origin (Stata %tc/%tC)
  kStataWeek,    // Stata %tw: weeks since 1960w1 (52 per year)
  kStataMonth,   // Stata %tm: months since 1960m1
  kStataQuarter, // Stata %tq: quarters since 1960q1
  kStataHalf,    // Stata %th: half-years since 1960h1
  kYear,         // already a year (Stata %ty, SAS YEAR)
};

struct DataColumn {
  std::string name;
  bool numeric = true;
  std::vector<double> numbers;     // numeric columns: one per row, NaN = missing
  std::vector<std::string> texts;  // text columns: one per row, "" = missing
  // Value labels of a numeric column (Stata/SPSS/SAS formats): code -> text.
  std::map<double, std::string> value_labels;
  DateKind date_kind = DateKind::kNone;
  // Days from 1970-01-01 to the file's date origin (Stata/SAS 1960-01-01: -3653; SPSS
  // 1582-10-14: -141428; Excel 1899-12-30: -25569).
  long date_origin_days = 0;
  // Spreadsheet column letter ("C") when the source is a sheet; empty otherwise.
  std::string letter;
};

struct DataTable {
  std::string file;   // file name as the user gave it (for messages)
  std::string sheet;  // sheet name for workbooks, empty otherwise
  // Row number in the file of data row 0 (a header row at 1 makes it 2); messages add
  // the data row index to it so they name the row a user sees in Excel or an editor.
  int first_row_number = 2;
  // Sheets skip blank rows: there the file row of each data row (empty otherwise).
  std::vector<int> row_numbers;
  size_t rows = 0;
  std::vector<DataColumn> columns;

  // Index of a column by name, or -1.
  int Find(const std::string& name) const;
  // The row number a user sees in the file for data row `row` (0-based).
  int RowNumber(size_t row) const;
};

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_DATA_TABLE_H_
