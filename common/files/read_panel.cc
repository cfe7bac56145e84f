#include "common/files/read_panel.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/files/csv_reader.h"
#include "common/files/file_format.h"
#include "common/files/panel_from_table.h"
#include "common/files/readstat_reader.h"
#include "common/files/wide_to_long.h"
#include "common/files/xlsx_reader.h"

namespace govmetrics::files {
namespace {

absl::Status TooLarge(const std::string& file, uint64_t size, int64_t max_bytes) {
  return absl::ResourceExhaustedError(absl::StrFormat("%s: the file is %.1f MiB, over the limit of %.1f MiB",
                                                      file, size / 1048576.0, max_bytes / 1048576.0));
}

}  // namespace

absl::StatusOr<DataTable> ReadDataTable(absl::string_view bytes, const std::string& file, const ReadOptions& options) {
  if (static_cast<int64_t>(bytes.size()) > options.max_bytes) return TooLarge(file, bytes.size(), options.max_bytes);
  auto format = FormatFromName(file);
  if (!format.ok()) return format.status();
  switch (*format) {
    case FileFormat::kCsv: return ReadCsv(bytes, file, options);
    case FileFormat::kXlsx: return ReadXlsx(bytes, file, options);
    default: return ReadStatFile(bytes, *format, file, options);
  }
}

absl::StatusOr<std::string> ReadFileBytes(const std::string& path, int64_t max_bytes) {
  std::error_code error;
  const uint64_t size = std::filesystem::file_size(path, error);
  if (error) return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", error.message()));
  if (size > static_cast<uint64_t>(max_bytes)) return TooLarge(path, size, max_bytes);
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (static_cast<uint64_t>(in.gcount()) != size) return absl::DataLossError(absl::StrCat(path, ": short read"));
  return bytes;
}

absl::StatusOr<common::v1::Panel> ReadPanelBytes(absl::string_view bytes, const std::string& file,
                                                 const PanelFileOptions& options) {
  ReadOptions read = options.read;
  read.text_columns.push_back(options.entity);  // identifiers keep their spelling ("007")
  auto table = ReadDataTable(bytes, file, read);
  if (!table.ok()) return table.status();
  if (!options.wide_stubs.empty()) {
    auto long_table = WideToLong(*table, options.wide_stubs, options.period);
    if (!long_table.ok()) return long_table.status();
    *table = std::move(*long_table);
  }
  return PanelFromTable(*table, options.entity, options.period);
}

absl::StatusOr<common::v1::Panel> ReadPanelFile(const std::string& path, const PanelFileOptions& options) {
  if (auto format = FormatFromName(path); !format.ok()) return format.status();
  auto bytes = ReadFileBytes(path, options.read.max_bytes);
  if (!bytes.ok()) return bytes.status();
  return ReadPanelBytes(*bytes, path, options);
}

}  // namespace govmetrics::files
