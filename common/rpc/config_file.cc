#include "common/rpc/config_file.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_format.h"

namespace govmetrics::rpc {

absl::StatusOr<std::string> ReadConfigFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrFormat("cannot read %s %s", what, path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::NotFoundError(absl::StrFormat("cannot read %s %s", what, path));
  return buffer.str();
}

bool FileSignature::operator==(const FileSignature& other) const {
  return exists == other.exists && device == other.device && inode == other.inode &&
         size == other.size && mtime_ns == other.mtime_ns && ctime_ns == other.ctime_ns;
}

FileSignature SignatureOf(const std::string& path) {
  FileSignature signature;
  struct stat info = {};
  if (path.empty() || stat(path.c_str(), &info) != 0) return signature;
  signature.exists = true;
  signature.device = info.st_dev;
  signature.inode = info.st_ino;
  signature.size = static_cast<unsigned long long>(info.st_size);
  signature.mtime_ns = info.st_mtim.tv_sec * 1000000000LL + info.st_mtim.tv_nsec;
  signature.ctime_ns = info.st_ctim.tv_sec * 1000000000LL + info.st_ctim.tv_nsec;
  return signature;
}

}  // namespace govmetrics::rpc
