#include "services/reporting/render/media_types.h"

namespace govmetrics::reporting {

const char* FileExtension(reporting::v1::Format format) {
  switch (format) {
    case reporting::v1::FORMAT_HTML: return "html";
    case reporting::v1::FORMAT_MARKDOWN: return "md";
    case reporting::v1::FORMAT_LATEX: return "tex";
    case reporting::v1::FORMAT_CSV: return "csv";
    case reporting::v1::FORMAT_JSON: return "json";
    case reporting::v1::FORMAT_XLSX: return "xlsx";
    case reporting::v1::FORMAT_DOCX: return "docx";
    case reporting::v1::FORMAT_PDF: return "pdf";
    default: return "txt";
  }
}

const char* MediaType(reporting::v1::Format format) {
  switch (format) {
    case reporting::v1::FORMAT_HTML: return "text/html; charset=utf-8";
    case reporting::v1::FORMAT_MARKDOWN: return "text/markdown; charset=utf-8";
    case reporting::v1::FORMAT_LATEX: return "application/x-tex";
    case reporting::v1::FORMAT_CSV: return "text/csv; charset=utf-8";
    case reporting::v1::FORMAT_JSON: return "application/json";
    case reporting::v1::FORMAT_XLSX: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case reporting::v1::FORMAT_DOCX:
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    case reporting::v1::FORMAT_PDF: return "application/pdf";
    default: return "text/plain; charset=utf-8";
  }
}

}  // namespace govmetrics::reporting
