// main() for the libFuzzer harnesses (fuzz_*.cc) without libFuzzer, so the normal gcc build
// and its ctest run can fuzz every RPC request path briefly (docs/fuzzing.md, "In the test
// suite"). No coverage feedback: it runs every seed, then a fixed number of deterministic
// mutations of the seeds, so a failure reproduces with the same arguments.
//
//   fuzz_smoke_<rpc> SEED_DIR [MUTATIONS=10000] [RNG_SEED=1]   seeds + mutations
//   fuzz_smoke_<rpc> FILE...                                  replay inputs
//
// Exit status: 0 if every input ran, 1 if the harness threw. Either way, and on a crash
// (signal), the input is saved to <program>-failure.bin in the working directory; a crash
// then dies with its signal. A sanitizer report exits with the sanitizer's code without
// saving (rerun with the same arguments to reproduce).

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// Optional libFuzzer hook; weak so harnesses without it still link. None defines it today.
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) __attribute__((weak));

namespace {

using Bytes = std::vector<uint8_t>;

// Mutants stay small: the seeds are at most a few KiB and big inputs only cost time
// (fuzz_limits.h skips oversized panels anyway).
constexpr size_t kMaxLen = 16 * 1024;

// The input being executed, its name ("mutation 17", a seed path) and where to save it;
// read by the crash handler.
const Bytes* g_current = nullptr;
const std::string* g_current_name = nullptr;
std::string g_failure_path;

void SaveCurrentInput() {
  if (g_current == nullptr) return;
  // Only async-signal-safe calls: this also runs inside the signal handler.
  const int fd = open(g_failure_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return;
  ssize_t ignored = write(fd, g_current->data(), g_current->size());
  (void)ignored;
  close(fd);
}

struct sigaction g_previous[NSIG];

// Saves the input, restores the previous handler (default, or a sanitizer's) and returns:
// a fault re-executes and reaches that handler, abort() re-raises SIGABRT itself.
void OnCrash(int sig) {
  if (g_current_name != nullptr) {
    for (const char* part : {"fuzz_smoke: crash on ", g_current_name->c_str(), ", input saved to ",
                             g_failure_path.c_str(), "\n"}) {
      ssize_t ignored = write(STDERR_FILENO, part, std::strlen(part));
      (void)ignored;
    }
  }
  SaveCurrentInput();
  sigaction(sig, &g_previous[sig], nullptr);
}

void InstallCrashHandlers() {
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) {
    struct sigaction action {};
    action.sa_handler = OnCrash;
    sigemptyset(&action.sa_mask);
    sigaction(sig, &action, &g_previous[sig]);
  }
}

// Runs one input; false (after saving it) if the harness threw. A contract function must
// not throw: the server would turn it into INTERNAL instead of InvalidArgument, and under
// libFuzzer it ends the run as a crash.
bool RunOne(const Bytes& input, const std::string& what) {
  g_current = &input;
  g_current_name = &what;
  try {
    LLVMFuzzerTestOneInput(input.data(), input.size());
  } catch (const std::exception& e) {
    SaveCurrentInput();
    std::fprintf(stderr, "FAIL %s: uncaught exception: %s\ninput saved to %s\n", what.c_str(),
                 e.what(), g_failure_path.c_str());
    return false;
  } catch (...) {
    SaveCurrentInput();
    std::fprintf(stderr, "FAIL %s: uncaught non-std exception\ninput saved to %s\n",
                 what.c_str(), g_failure_path.c_str());
    return false;
  }
  g_current = nullptr;
  g_current_name = nullptr;
  return true;
}

Bytes ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Byte patterns the request parsers and the numerics should survive: extreme bytes, int32
// limits, little-endian doubles (NaN, -NaN, +-Inf, +-DBL_MAX, smallest subnormal, -0.0) and
// protobuf varints (-1 / max uint64 in 10 bytes, max uint32, 2^31 as a length prefix).
const std::vector<Bytes> kInteresting = {
    {0x00}, {0xFF}, {0x7F}, {0x80}, {0x01},
    {0xFF, 0xFF, 0xFF, 0x7F}, {0x00, 0x00, 0x00, 0x80}, {0xFF, 0xFF, 0xFF, 0xFF},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x7F},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0xFF},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x7F},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0xFF},
    {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xEF, 0x7F},
    {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xEF, 0xFF},
    {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80},
    {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01},
    {0xFF, 0xFF, 0xFF, 0xFF, 0x0F},
    {0x80, 0x80, 0x80, 0x80, 0x08},
};

class Mutator {
 public:
  Mutator(const std::vector<Bytes>& seeds, uint64_t rng_seed) : seeds_(seeds), rng_(rng_seed) {}

  // A random seed with 1-2 stacked mutations (more stacked ones rarely still parse).
  Bytes Next() {
    Bytes data = seeds_[Below(seeds_.size())];
    for (size_t n = 1 + Below(2); n > 0; --n) MutateOnce(data);
    if (data.size() > kMaxLen) data.resize(kMaxLen);
    return data;
  }

 private:
  // Own modulo instead of std::uniform_int_distribution, whose output is not specified by
  // the standard: the sequence is the same with every compiler and library.
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }

  void MutateOnce(Bytes& d) {
    switch (Below(8)) {
      case 0:  // flip one bit
        if (!d.empty()) d[Below(d.size())] ^= static_cast<uint8_t>(1u << Below(8));
        break;
      case 1:  // random byte
        if (!d.empty()) d[Below(d.size())] = static_cast<uint8_t>(rng_());
        break;
      case 2: {  // insert 1-4 random bytes
        const size_t at = Below(d.size() + 1);
        for (size_t n = 1 + Below(4); n > 0; --n) {
          d.insert(d.begin() + at, static_cast<uint8_t>(rng_()));
        }
        break;
      }
      case 3: {  // erase 1-16 bytes
        if (d.empty()) break;
        const size_t at = Below(d.size());
        const size_t len = 1 + Below(std::min<size_t>(16, d.size() - at));
        d.erase(d.begin() + at, d.begin() + at + len);
        break;
      }
      case 4: {  // duplicate a chunk (repeats a field or a run of packed values)
        if (d.empty()) break;
        const size_t from = Below(d.size());
        const size_t len = 1 + Below(std::min<size_t>(64, d.size() - from));
        const Bytes chunk(d.begin() + from, d.begin() + from + len);
        d.insert(d.begin() + Below(d.size() + 1), chunk.begin(), chunk.end());
        break;
      }
      case 5: {  // splice: our prefix + another seed's suffix
        const Bytes& other = seeds_[Below(seeds_.size())];
        const size_t cut = Below(d.size() + 1);
        const size_t from = Below(other.size() + 1);
        d.resize(cut);
        d.insert(d.end(), other.begin() + from, other.end());
        break;
      }
      case 6: {  // overwrite with an interesting value
        const Bytes& v = kInteresting[Below(kInteresting.size())];
        if (d.size() < v.size()) break;
        std::copy(v.begin(), v.end(), d.begin() + Below(d.size() - v.size() + 1));
        break;
      }
      case 7: {  // insert an interesting value
        const Bytes& v = kInteresting[Below(kInteresting.size())];
        d.insert(d.begin() + Below(d.size() + 1), v.begin(), v.end());
        break;
      }
    }
  }

  const std::vector<Bytes>& seeds_;
  std::mt19937_64 rng_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SEED_DIR [MUTATIONS] [RNG_SEED] | %s FILE...\n", argv[0],
                 argv[0]);
    return 2;
  }
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  g_failure_path = (std::filesystem::current_path() /
                    (std::filesystem::path(argv[0]).filename().string() + "-failure.bin"))
                       .string();
  InstallCrashHandlers();

  // Replay mode: every argument is an input file.
  if (!std::filesystem::is_directory(argv[1])) {
    for (int i = 1; i < argc; ++i) {
      if (!RunOne(ReadFile(argv[i]), argv[i])) return 1;
    }
    std::printf("%d input(s) ok\n", argc - 1);
    return 0;
  }

  // Sorted so the seed order, and with it every mutant, is the same on every run.
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    if (entry.is_regular_file()) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) {
    std::fprintf(stderr, "no seeds in %s\n", argv[1]);
    return 2;
  }
  const long mutations = argc > 2 ? std::atol(argv[2]) : 10000;
  const uint64_t rng_seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;

  std::vector<Bytes> seeds;
  for (const auto& path : paths) {
    seeds.push_back(ReadFile(path));
    if (!RunOne(seeds.back(), path.string())) return 1;
  }
  Mutator mutator(seeds, rng_seed);
  for (long i = 0; i < mutations; ++i) {
    if (!RunOne(mutator.Next(), "mutation " + std::to_string(i))) return 1;
  }
  std::printf("%zu seeds + %ld mutations (rng seed %llu): no failure\n", seeds.size(), mutations,
              static_cast<unsigned long long>(rng_seed));
  return 0;
}
