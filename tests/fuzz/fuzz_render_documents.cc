// libFuzzer target: reporting::RenderDocuments (the HTML / Markdown / LaTeX / CSV / JSON
// renderers behind ReportingService). Input bytes are parsed as a serialized Report and
// rendered in every Format the enum defines; the output is discarded because the only
// properties checked are "no crash, no sanitizer report, no hang".

#include <cstddef>
#include <cstdint>
#include <vector>

#include "services/reporting/render/render_documents.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace govmetrics;  // NOLINT: keeps the fuzz body short
  reporting::v1::Report report;
  if (!report.ParseFromArray(data, static_cast<int>(size))) return 0;
  // Every defined format (read from the descriptor so new formats are fuzzed automatically)
  // plus an undefined enum value, which proto3 lets a client send.
  std::vector<reporting::v1::Format> formats;
  const auto* descriptor = reporting::v1::Format_descriptor();
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const auto format = static_cast<reporting::v1::Format>(descriptor->value(i)->number());
    // The Excel renderer goes through a temporary file (libxlsxwriter 1.1.4 writes only
    // to a path) and costs tens of milliseconds of CPU for a fuzzed report: one input in
    // 1021 exercises it, so the smoke run keeps its length and the renderer is fuzzed.
    // (1021 is prime: 16384-byte inputs, the driver's cap, do not all land on it.)
    if (format == reporting::v1::FORMAT_XLSX && size % 1021 != 7) continue;
    // Word draws every chart to PNG (librsvg + cairo, milliseconds each): same sampling.
    if (format == reporting::v1::FORMAT_DOCX && size % 1021 != 11) continue;
    // PDF runs xelatex (seconds per input): its LaTeX source is fuzzed through
    // FORMAT_LATEX, and the compile is tested in tests/render/pdf_renderer_test.cc.
    if (format == reporting::v1::FORMAT_PDF) continue;
    formats.push_back(format);
  }
  formats.push_back(static_cast<reporting::v1::Format>(99));
  (void)reporting::RenderDocuments(report, formats);
  return 0;
}
