#ifndef GOVMETRICS_TESTS_SERVICE_REPORT_LOOKUP_H_
#define GOVMETRICS_TESTS_SERVICE_REPORT_LOOKUP_H_

// Finding a report's parts by id or label in the service tests: nullptr (or an empty
// string) when absent, so a test can say which part is missing.

#include <string>

#include "govmetrics/reporting/v1/reporting_service.pb.h"

namespace govmetrics::testing {

inline const reporting::v1::Table* FindTable(const reporting::v1::Report& report, const std::string& id) {
  for (const auto& t : report.tables()) {
    if (t.id() == id) return &t;
  }
  return nullptr;
}

inline const reporting::v1::Chart* FindChart(const reporting::v1::Report& report, const std::string& id) {
  for (const auto& c : report.charts()) {
    if (c.id() == id) return &c;
  }
  return nullptr;
}

inline const reporting::v1::Section* FindSection(const reporting::v1::Report& report, const std::string& id) {
  for (const auto& s : report.sections()) {
    if (s.id() == id) return &s;
  }
  return nullptr;
}

inline const reporting::v1::TableRow* FindRow(const reporting::v1::Table& table, const std::string& label) {
  for (const auto& r : table.rows()) {
    if (r.label() == label) return &r;
  }
  return nullptr;
}

// The content of the response's document named `name` ("" when there is none).
inline std::string Document(const reporting::v1::RunStudyResponse& response, const std::string& name) {
  for (const auto& d : response.documents()) {
    if (d.file_name() == name) return d.content();
  }
  return "";
}

}  // namespace govmetrics::testing

#endif  // GOVMETRICS_TESTS_SERVICE_REPORT_LOOKUP_H_
