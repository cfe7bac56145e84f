#ifndef GOVMETRICS_TESTS_RENDER_READBACK_UTIL_H_
#define GOVMETRICS_TESTS_RENDER_READBACK_UTIL_H_

// Shared by the tests that write a binary document and read it back with a Python
// library (openpyxl, python-docx) or a tool (poppler): a scratch directory, reading a
// file whole, the report's tables in number order (as the documents show them), and
// running a checker script.

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "google/protobuf/util/json_util.h"
#include "services/reporting/render/report_layout.h"

namespace govmetrics::reporting::testing {

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline std::string MakeTempDir(const char* stem) {
  std::string pattern = std::string("/tmp/") + stem + "_XXXXXX";
  const char* dir = mkdtemp(pattern.data());
  return dir == nullptr ? "" : dir;
}

// The report with its tables reordered by table number, and the numbers in that order.
inline std::pair<reporting::v1::Report, std::vector<int>> TablesInNumberOrder(
    const reporting::v1::Report& report) {
  const ReportLayout layout = LayOutReport(report);
  std::vector<std::pair<int, int>> order;
  for (int i = 0; i < report.tables_size(); ++i) {
    order.emplace_back(layout.table_number.at(report.tables(i).id()), i);
  }
  std::sort(order.begin(), order.end());
  reporting::v1::Report ordered = report;
  ordered.clear_tables();
  std::vector<int> numbers;
  for (const auto& [number, i] : order) {
    *ordered.add_tables() = report.tables(i);
    numbers.push_back(number);
  }
  return {ordered, numbers};
}

inline bool WriteJson(const google::protobuf::Message& message, const std::string& path) {
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json).ok()) return false;
  std::ofstream(path) << json;
  return true;
}

// Runs `/usr/bin/python3 tests/render/<script> <arguments>`; returns (exit status, output).
inline std::pair<int, std::string> RunChecker(const std::string& script, const std::string& arguments,
                                              const std::string& dir) {
  const std::string log_path = dir + "/check.log";
  const std::string command = "/usr/bin/python3 " GOVMETRICS_SOURCE_DIR "/tests/render/" + script + " " +
                              arguments + " >" + log_path + " 2>&1";
  const int status = std::system(command.c_str());
  return {status, ReadWholeFile(log_path)};
}

}  // namespace govmetrics::reporting::testing

#endif  // GOVMETRICS_TESTS_RENDER_READBACK_UTIL_H_
