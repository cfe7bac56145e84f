#include "services/reporting/render/render_documents.h"

#include <set>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/reporting/render/csv_renderer.h"
#include "services/reporting/render/docx_renderer.h"
#include "services/reporting/render/html_renderer.h"
#include "services/reporting/render/json_renderer.h"
#include "services/reporting/render/latex_compiler.h"
#include "services/reporting/render/latex_renderer.h"
#include "services/reporting/render/markdown_renderer.h"
#include "services/reporting/render/media_types.h"
#include "services/reporting/render/text_escape.h"
#include "services/reporting/render/xlsx_renderer.h"

namespace govmetrics::reporting {

namespace rv1 = govmetrics::reporting::v1;

namespace {

rv1::Document MakeDocument(rv1::Format format, std::string file_name, std::string content) {
  rv1::Document document;
  document.set_format(format);
  document.set_file_name(std::move(file_name));
  document.set_media_type(MediaType(format));
  document.set_content(std::move(content));
  return document;
}

// Binary formats carry their bytes in binary_content; content stays empty.
rv1::Document MakeBinaryDocument(rv1::Format format, std::string file_name, std::string bytes) {
  rv1::Document document = MakeDocument(format, std::move(file_name), "");
  document.set_binary_content(std::move(bytes));
  return document;
}

// report.tex and the chart files it includes (vector PDFs under figures/).
void AddLatex(const rv1::Report& report, std::vector<rv1::Document>* documents) {
  documents->push_back(MakeDocument(rv1::FORMAT_LATEX, "report.tex", RenderLatex(report)));
  for (auto& [name, pdf] : LatexFigureFiles(report)) {
    rv1::Document figure = MakeBinaryDocument(rv1::FORMAT_LATEX, name, std::move(pdf));
    figure.set_media_type("application/pdf");
    documents->push_back(std::move(figure));
  }
}

using Rendered = absl::StatusOr<std::vector<rv1::Document>>;

// CSV: one document per table, "tables/<safe id>.csv".
std::vector<rv1::Document> CsvDocuments(const rv1::Report& report) {
  std::vector<rv1::Document> documents;
  std::set<std::string> names;
  for (const auto& table : report.tables()) {
    // Ids are unique in a well-formed report; a repeat still gets its own file.
    std::string stem = SafeId(table.id());
    std::string name = absl::StrCat("tables/", stem, ".csv");
    for (int k = 2; !names.insert(name).second; ++k) name = absl::StrCat("tables/", stem, "-", k, ".csv");
    documents.push_back(MakeDocument(rv1::FORMAT_CSV, name, RenderCsv(table)));
  }
  return documents;
}

// The documents of one format.
Rendered RenderFormat(const rv1::Report& report, rv1::Format format) {
  std::vector<rv1::Document> documents;
  switch (format) {
    case rv1::FORMAT_HTML:
      documents.push_back(MakeDocument(format, "report.html", RenderHtml(report)));
      break;
    case rv1::FORMAT_MARKDOWN:
      documents.push_back(MakeDocument(format, "report.md", RenderMarkdown(report)));
      break;
    case rv1::FORMAT_LATEX:
      AddLatex(report, &documents);
      break;
    case rv1::FORMAT_JSON:
      documents.push_back(MakeDocument(format, "report.json", RenderJson(report)));
      break;
    case rv1::FORMAT_XLSX:
      documents.push_back(MakeBinaryDocument(format, "tables.xlsx", RenderXlsx(report)));
      break;
    case rv1::FORMAT_DOCX:
      documents.push_back(MakeBinaryDocument(format, "report.docx", RenderDocx(report)));
      break;
    case rv1::FORMAT_PDF: {
      absl::StatusOr<std::string> pdf = RenderPdf(report);
      if (!pdf.ok()) return pdf.status();
      documents.push_back(MakeBinaryDocument(format, "report.pdf", *std::move(pdf)));
      break;
    }
    case rv1::FORMAT_CSV:
      return CsvDocuments(report);
    default:
      break;  // A format added to the enum later: nothing to render yet.
  }
  return documents;
}

// The formats asked for, in order, without repeats or FORMAT_UNSPECIFIED.
std::vector<rv1::Format> DistinctFormats(const std::vector<rv1::Format>& formats) {
  std::vector<rv1::Format> distinct;
  std::set<rv1::Format> done;
  for (rv1::Format format : formats) {
    if (format != rv1::FORMAT_UNSPECIFIED && done.insert(format).second) distinct.push_back(format);
  }
  return distinct;
}

// Word and LaTeX (and PDF, through LaTeX) draw the report's charts, on threads of their
// own (chart_image.h); the other formats are text and tables.
bool DrawsCharts(rv1::Format format) {
  return format == rv1::FORMAT_DOCX || format == rv1::FORMAT_LATEX || format == rv1::FORMAT_PDF;
}

}  // namespace

absl::StatusOr<std::vector<rv1::Document>> RenderDocuments(const rv1::Report& report,
                                                           const std::vector<rv1::Format>& formats) {
  const std::vector<rv1::Format> distinct = DistinctFormats(formats);
  std::vector<Rendered> rendered(distinct.size(), std::vector<rv1::Document>());
  // The formats read the report and nothing else. Those without charts are rendered on
  // one more thread while the charts are drawn, rather than after them with a core
  // idle: drawing keeps ChartRenderThreads() busy but leaves gaps (a document's last
  // panels, the Word package's XML and zip). One thread, not one per format: each new
  // thread that draws sets up its own font map, and more drawing threads than cores
  // cost CPU without saving time. Each result goes to its own slot, in the order asked.
  auto render = [&](bool charts) {
    for (size_t i = 0; i < distinct.size(); ++i) {
      if (DrawsCharts(distinct[i]) == charts) rendered[i] = RenderFormat(report, distinct[i]);
    }
  };
  std::thread text(render, false);
  render(true);
  text.join();
  std::vector<rv1::Document> documents;
  for (Rendered& format : rendered) {
    if (!format.ok()) return format.status();  // only PDF can fail
    for (rv1::Document& document : *format) documents.push_back(std::move(document));
  }
  return documents;
}

}  // namespace govmetrics::reporting
