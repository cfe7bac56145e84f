#include "services/reporting/report_fragment.h"

namespace govmetrics::reporting {

namespace rv1 = govmetrics::reporting::v1;

rv1::Table* AddTable(ReportFragment& fragment, const std::string& id, const std::string& title) {
  auto* table = fragment.add_tables();
  table->set_id(id);
  table->set_title(title);
  return table;
}

rv1::Chart* AddChart(ReportFragment& fragment, const std::string& id, const std::string& title,
                     rv1::ChartKind kind) {
  auto* chart = fragment.add_charts();
  chart->set_id(id);
  chart->set_title(title);
  chart->set_kind(kind);
  return chart;
}

rv1::Section* AddSection(ReportFragment& fragment, const std::string& id, const std::string& title) {
  auto* section = fragment.add_sections();
  section->set_id(id);
  section->set_title(title);
  return section;
}

void AppendFragment(ReportFragment&& fragment, rv1::Report& report) {
  for (auto& s : *fragment.mutable_sections()) *report.add_sections() = std::move(s);
  for (auto& t : *fragment.mutable_tables()) *report.add_tables() = std::move(t);
  for (auto& c : *fragment.mutable_charts()) *report.add_charts() = std::move(c);
  for (auto& h : *fragment.mutable_headlines()) *report.add_headlines() = std::move(h);
}

}  // namespace govmetrics::reporting
