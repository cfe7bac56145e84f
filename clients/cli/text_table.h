#ifndef GOVMETRICS_CLIENTS_CLI_TEXT_TABLE_H_
#define GOVMETRICS_CLIENTS_CLI_TEXT_TABLE_H_

// Aligned plain-text tables for the terminal. Width counts East Asian wide characters
// as two columns so tables with Chinese names stay aligned.

#include <string>
#include <vector>

namespace govmetrics::cli {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void AddRule() { rows_.push_back({}); }  // horizontal line
  // First column left-aligned, the others right-aligned (numbers).
  std::string Render() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Display width of a UTF-8 string in terminal columns.
int DisplayWidth(const std::string& text);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_TEXT_TABLE_H_
