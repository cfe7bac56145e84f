#ifndef GOVMETRICS_CLIENTS_CLI_CSV_TABLE_H_
#define GOVMETRICS_CLIENTS_CLI_CSV_TABLE_H_

// RFC 4180 CSV (quoted fields, embedded commas/quotes/newlines), UTF-8 throughout so
// Chinese province names round-trip byte for byte. A UTF-8 BOM (Excel's habit) is skipped.

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace govmetrics::cli {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each row has header.size() fields

  // Index of a header column, or -1.
  int Find(const std::string& name) const;
};

absl::StatusOr<CsvTable> ParseCsv(const std::string& text);
absl::StatusOr<CsvTable> ReadCsvFile(const std::string& path);

// Quotes a field only when needed.
std::string CsvField(const std::string& field);
absl::Status WriteTextFile(const std::string& path, const std::string& text);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_CSV_TABLE_H_
