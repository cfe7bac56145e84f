// LLVMFuzzerInitialize, linked into every fuzz binary (libFuzzer and the ctest smoke driver
// both call it once before the first input).

#include "google/protobuf/stubs/logging.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  // ParseFromArray logs "String field ... contains invalid UTF-8 data" for most mutated
  // inputs; those lines would bury real findings in the logs and slow every execution.
  // (Rejecting the input is the behaviour under test, the message is not.)
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}
