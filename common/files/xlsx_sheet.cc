#include "common/files/xlsx_sheet.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/files/xml_events.h"

namespace govmetrics::files {
namespace {

constexpr int kMaxColumns = 16384;   // XFD, Excel's limit
constexpr int kMaxRows = 1048576;

// Splits "C17" into column 2, row 17; false if malformed or past Excel's limits.
bool ParseCellRef(absl::string_view ref, int* column, int* row) {
  size_t letters = 0;
  while (letters < ref.size() && absl::ascii_isalpha(static_cast<unsigned char>(ref[letters]))) ++letters;
  *column = ColumnIndex(ref.substr(0, letters));
  return *column >= 0 && absl::SimpleAtoi(ref.substr(letters), row) && *row >= 1 && *row <= kMaxRows;
}

// Collects cells while expat walks the sheet.
class SheetBuilder {
 public:
  SheetBuilder(const XlsxWorkbook& book, std::string label) : book_(book), label_(std::move(label)) {}

  void Start(absl::string_view name, const XmlAttributes& a) {
    if (name == "row") StartRow(a);
    else if (name == "c") StartCell(a);
    else if (name == "v" || name == "t") collecting_ = in_cell_;
    else if (name == "mergeCell") AddMerged(a.Get("ref"));
  }
  void End(absl::string_view name) {
    if (name == "v" || name == "t") collecting_ = false;
    else if (name == "c" && in_cell_) EndCell();
    else if (name == "row" && !row_.cells.empty()) data_.rows.push_back(std::move(row_));
  }
  void Text(absl::string_view text) {
    if (collecting_) value_.append(text.data(), text.size());
  }
  bool failed() const { return !error_.ok(); }
  absl::StatusOr<SheetData> Finish() {
    if (!error_.ok()) return error_;
    return std::move(data_);
  }

 private:
  void StartRow(const XmlAttributes& a) {
    row_ = SheetRow();
    int number = 0;
    row_.number = absl::SimpleAtoi(a.Get("r"), &number) ? number : last_row_ + 1;
    if (row_.number <= last_row_ || row_.number > kMaxRows) Fail(absl::StrCat("row number ", row_.number, " out of order"));
    last_row_ = row_.number;
    next_column_ = 0;
  }
  void StartCell(const XmlAttributes& a) {
    in_cell_ = true;
    value_.clear();
    type_ = std::string(a.Get("t"));
    style_ = 0;
    if (!absl::SimpleAtoi(a.Get("s"), &style_)) style_ = 0;
    int row = row_.number;
    column_ = next_column_;
    const absl::string_view ref = a.Get("r");
    if (!ref.empty() && (!ParseCellRef(ref, &column_, &row) || row != row_.number)) {
      Fail(absl::StrCat("bad cell reference '", ref, "' in row ", row_.number));
    }
    next_column_ = column_ + 1;
  }
  void EndCell();
  void AddMerged(absl::string_view ref) {
    const size_t colon = ref.find(':');
    int c1, r1, c2, r2;
    if (colon == absl::string_view::npos || !ParseCellRef(ref.substr(0, colon), &c1, &r1) ||
        !ParseCellRef(ref.substr(colon + 1), &c2, &r2)) {
      return Fail(absl::StrCat("bad merged range '", ref, "'"));
    }
    data_.merged.push_back({std::string(ref), r1, r2});
  }
  void Fail(const std::string& what) {
    if (error_.ok()) error_ = absl::InvalidArgumentError(absl::StrCat(label_, ": ", what));
  }

  const XlsxWorkbook& book_;
  std::string label_;
  SheetData data_;
  SheetRow row_;
  int last_row_ = 0, next_column_ = 0, column_ = 0, style_ = 0;
  bool in_cell_ = false, collecting_ = false;
  std::string type_, value_;
  absl::Status error_;
};

void SheetBuilder::EndCell() {
  in_cell_ = false;
  SheetCell cell;
  cell.column = column_;
  if (type_ == "s") {
    size_t index = 0;
    if (!absl::SimpleAtoi(value_, &index) || index >= book_.shared_strings.size()) {
      return Fail(absl::StrCat("cell ", ColumnLetters(column_), row_.number, " points to a missing shared string"));
    }
    cell.type = SheetCell::Type::kText;
    cell.text = book_.shared_strings[index];
  } else if (type_ == "str" || type_ == "inlineStr") {
    cell.type = SheetCell::Type::kText;
    cell.text = value_;
  } else if (type_ == "e") {
    cell.type = SheetCell::Type::kError;
    cell.text = value_;
  } else {
    if (value_.empty()) return;  // a styled but empty cell holds no value
    if (!absl::SimpleAtod(value_, &cell.number)) {
      return Fail(absl::StrCat("cell ", ColumnLetters(column_), row_.number, " has a malformed number '", value_, "'"));
    }
    cell.date = type_ != "b" && book_.IsDateStyle(style_);
  }
  if (cell.type == SheetCell::Type::kText && cell.text.empty()) return;
  row_.cells.push_back(std::move(cell));
}

}  // namespace

int ColumnIndex(absl::string_view letters) {
  if (letters.empty() || letters.size() > 3) return -1;
  int index = 0;
  for (char c : letters) {
    if (!absl::ascii_isalpha(static_cast<unsigned char>(c))) return -1;
    index = index * 26 + (absl::ascii_toupper(static_cast<unsigned char>(c)) - 'A' + 1);
  }
  return index <= kMaxColumns ? index - 1 : -1;
}

std::string ColumnLetters(int index) {
  std::string out;
  for (int n = index + 1; n > 0; n = (n - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  return out;
}

absl::StatusOr<SheetData> ParseSheet(absl::string_view xml, const XlsxWorkbook& book, const std::string& label) {
  SheetBuilder builder(book, label);
  bool stop = false;
  XmlHandlers handlers;
  handlers.start = [&](absl::string_view name, const XmlAttributes& a) {
    builder.Start(name, a);
    stop = builder.failed();
  };
  handlers.end = [&](absl::string_view name) {
    builder.End(name);
    stop = builder.failed();
  };
  handlers.text = [&](absl::string_view text) { builder.Text(text); };
  if (auto status = ParseXml(xml, label, handlers, &stop); !status.ok()) return status;
  return builder.Finish();
}

}  // namespace govmetrics::files
