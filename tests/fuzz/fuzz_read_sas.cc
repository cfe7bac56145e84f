// libFuzzer target: the .sas7bdat reader of common/files (ReadDataTable, then the Panel
// conversion on the first two columns), as uploads and --data files reach it. Properties
// checked: no crash, no sanitizer report, no hang; bad bytes must come back as a Status.

#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_read_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  govmetrics::files::FuzzReadFile(data, size, "fuzz.sas7bdat");
  return 0;
}
