#include "common/files/zip_archive.h"

#include <zip.h>

#include "absl/strings/str_cat.h"

namespace govmetrics::files {

void ZipArchive::Closer::operator()(zip* archive) const { zip_discard(archive); }

absl::StatusOr<ZipArchive> ZipArchive::Open(absl::string_view bytes, const std::string& file) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    return absl::InvalidArgumentError(absl::StrCat(file, ": not a readable zip archive: ", message));
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    return absl::InvalidArgumentError(
        absl::StrCat(file, ": damaged or truncated zip archive (", message, ")"));
  }
  zip_error_fini(&error);
  return ZipArchive(std::unique_ptr<zip, Closer>(archive), file);
}

bool ZipArchive::Has(const std::string& entry) const {
  return zip_name_locate(archive_.get(), entry.c_str(), 0) >= 0;
}

absl::StatusOr<std::string> ZipArchive::Read(const std::string& entry, int64_t max_bytes) const {
  zip_file_t* handle = zip_fopen(archive_.get(), entry.c_str(), 0);
  if (handle == nullptr) {
    const int code = zip_error_code_zip(zip_get_error(archive_.get()));
    if (code == ZIP_ER_NOENT) return absl::NotFoundError(absl::StrCat(file_, ": no part ", entry, " in the archive"));
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP) {
      return absl::InvalidArgumentError(absl::StrCat(file_, ": part ", entry, " is encrypted; remove the password"));
    }
    return absl::InvalidArgumentError(
        absl::StrCat(file_, ": cannot open part ", entry, ": ", zip_strerror(archive_.get())));
  }
  std::string out;
  char buffer[1 << 16];
  while (true) {
    const zip_int64_t n = zip_fread(handle, buffer, sizeof buffer);
    if (n < 0) {
      std::string message = zip_file_strerror(handle);
      zip_fclose(handle);
      return absl::InvalidArgumentError(
          absl::StrCat(file_, ": part ", entry, " is damaged or truncated (", message, ")"));
    }
    if (n == 0) break;
    if (static_cast<int64_t>(out.size()) + n > max_bytes) {
      zip_fclose(handle);
      return absl::ResourceExhaustedError(
          absl::StrCat(file_, ": part ", entry, " inflates to more than ", max_bytes, " bytes (the file limit)"));
    }
    out.append(buffer, static_cast<size_t>(n));
  }
  zip_fclose(handle);
  return out;
}

}  // namespace govmetrics::files
