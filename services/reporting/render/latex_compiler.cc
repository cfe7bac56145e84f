#include "services/reporting/render/latex_compiler.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/reporting/render/latex_renderer.h"

extern char** environ;

namespace govmetrics::reporting {
namespace {

namespace fs = std::filesystem;

// The engine's full path from PATH, or "" (checked before spawning, so a missing
// toolchain is reported as such rather than as a failed compile).
std::string FindOnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  for (absl::string_view dir : absl::StrSplit(path, ':', absl::SkipEmpty())) {
    const fs::path candidate = fs::path(std::string(dir)) / program;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

// A private directory removed with everything in it when this goes out of scope.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern = (fs::temp_directory_path() / "govmetrics-latex-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

absl::Status WriteFile(const fs::path& path, const std::string& bytes) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (error || !out.good()) return absl::InternalError(absl::StrCat("cannot write ", path.string()));
  return absl::OkStatus();
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The "! ..." error lines of a TeX log and the line after each (where it happened).
std::string TexErrors(const std::string& log) {
  std::string errors;
  std::vector<absl::string_view> lines = absl::StrSplit(log, '\n');
  for (size_t i = 0; i < lines.size() && errors.size() < 600; ++i) {
    if (!lines[i].empty() && lines[i][0] == '!') {
      absl::StrAppend(&errors, lines[i], i + 1 < lines.size() ? absl::StrCat(" ", lines[i + 1]) : "", "; ");
    }
  }
  return errors.empty() ? "see the TeX log (no error line found)" : errors;
}

// The engine's environment: ours, plus a fixed date, so the same report gives the same PDF
// bytes (xdvipdfmx otherwise stamps the compile time into CreationDate, ModDate and the
// trailer /ID). 946684800 is 2000-01-01T00:00:00Z, the date the Word and Excel documents
// carry; FORCE_SOURCE_DATE makes TeX's own \today and \time use it too.
std::vector<std::string> EngineEnvironment() {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const absl::string_view variable(*entry);
    if (!absl::StartsWith(variable, "SOURCE_DATE_EPOCH=") && !absl::StartsWith(variable, "FORCE_SOURCE_DATE=")) {
      env.emplace_back(variable);
    }
  }
  env.push_back("SOURCE_DATE_EPOCH=946684800");
  env.push_back("FORCE_SOURCE_DATE=1");
  return env;
}

// Runs one pass of `engine` in `dir` until it exits or `deadline` passes (then the whole
// process group is killed). Returns the exit status, or DEADLINE_EXCEEDED.
absl::StatusOr<int> RunPass(const std::string& engine, const std::string& dir, absl::Time deadline) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  std::vector<std::string> args = {engine, "-interaction=batchmode", "-halt-on-error", "-no-shell-escape",
                                   "report.tex"};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env = EngineEnvironment();
  std::vector<char*> envp;
  for (auto& variable : env) envp.push_back(variable.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, engine.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) return absl::FailedPreconditionError(absl::StrCat("cannot start ", engine));
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (absl::Now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      return absl::DeadlineExceededError("LaTeX compile timed out");
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

absl::StatusOr<std::string> CompileLatex(const std::string& tex,
                                         const std::vector<std::pair<std::string, std::string>>& files,
                                         const LatexCompileOptions& options) {
  const std::string engine = FindOnPath(options.engine);
  if (engine.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "PDF output needs ", options.engine, " on the reporting service's PATH "
        "(Debian: texlive-xetex texlive-lang-chinese lmodern)"));
  }
  ScratchDirectory dir;
  if (dir.path().empty()) return absl::InternalError("cannot create a temporary directory for LaTeX");
  if (auto written = WriteFile(fs::path(dir.path()) / "report.tex", tex); !written.ok()) return written;
  for (const auto& [name, bytes] : files) {
    if (auto written = WriteFile(fs::path(dir.path()) / name, bytes); !written.ok()) return written;
  }
  const absl::Time deadline = absl::Now() + options.timeout;
  for (int pass = 1; pass <= 2; ++pass) {
    absl::StatusOr<int> exit_code = RunPass(engine, dir.path(), deadline);
    if (!exit_code.ok()) return exit_code.status();
    if (*exit_code != 0) {
      return absl::InternalError(absl::StrCat(options.engine, " failed (exit ", *exit_code, ", pass ", pass,
                                              "): ", TexErrors(ReadFile(fs::path(dir.path()) / "report.log"))));
    }
  }
  std::string pdf = ReadFile(fs::path(dir.path()) / "report.pdf");
  if (pdf.compare(0, 5, "%PDF-") != 0) return absl::InternalError(absl::StrCat(options.engine, " wrote no PDF"));
  return pdf;
}

absl::StatusOr<std::string> RenderPdf(const reporting::v1::Report& report, const LatexCompileOptions& options) {
  return CompileLatex(RenderLatex(report), LatexFigureFiles(report), options);
}

}  // namespace govmetrics::reporting
