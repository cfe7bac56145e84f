#include "common/rpc/config_reloader.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "common/rpc/json_log.h"

namespace govmetrics::rpc {
namespace {

constexpr unsigned char kReloadByte = 'H';
constexpr unsigned char kStopByte = 'S';

int g_reload_pipe[2] = {-1, -1};

extern "C" void OnReloadSignal(int) {
  const int saved_errno = errno;
  // A full pipe already holds a pending reload.
  [[maybe_unused]] ssize_t ignored = write(g_reload_pipe[1], &kReloadByte, 1);
  errno = saved_errno;
}

absl::Status InstallReloadHandler() {
  if (g_reload_pipe[0] < 0 && pipe2(g_reload_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    return absl::InternalError("cannot create the reload signal pipe");
  }
  struct sigaction action = {};
  action.sa_handler = OnReloadSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  if (sigaction(SIGHUP, &action, nullptr) != 0) {
    return absl::InternalError("cannot install the SIGHUP handler");
  }
  return absl::OkStatus();
}

// Waits up to `timeout_ms` (-1: forever) for a byte on the reload pipe; returns it, or 0
// on timeout.
unsigned char WaitForReloadByte(int timeout_ms) {
  pollfd readable = {g_reload_pipe[0], POLLIN, 0};
  const int ready = poll(&readable, 1, timeout_ms);
  if (ready <= 0) return 0;
  unsigned char byte = 0;
  unsigned char last = 0;
  while (read(g_reload_pipe[0], &byte, 1) == 1) {
    if (last != kStopByte) last = byte;  // several SIGHUPs make one reload; stop wins
  }
  return last;
}

// True (and remembers the new signature) when `path` changed since `seen`.
bool Changed(const std::string& path, FileSignature* seen) {
  if (path.empty()) return false;
  const FileSignature now = SignatureOf(path);
  if (now == *seen) return false;
  *seen = now;
  return true;
}

void LogRefused(const char* what, const absl::Status& status) {
  LogLine("reload_refused", "error")
      .Str("what", what)
      .Str("error", status.message())
      .Str("note", "the previous configuration stays in force")
      .Emit();
}

}  // namespace

absl::StatusOr<AccessConfig> LoadAccessConfig(const AccessFiles& files) {
  AccessConfig config;
  if (!files.tokens.empty()) {
    auto tokens = TokenTable::Load(files.tokens);
    if (!tokens.ok()) return tokens.status();
    config.tokens = std::make_shared<const TokenTable>(*std::move(tokens));
  }
  if (!files.policy.empty()) {
    auto policy = AccessPolicy::Load(files.policy);
    if (!policy.ok()) return policy.status();
    config.policy = std::make_shared<const AccessPolicy>(*std::move(policy));
  }
  return config;
}

ConfigReloader::ConfigReloader(AccessFiles access_files, AccessConfigHolder* access,
                               ReloadableServerTls* tls, int check_seconds)
    : access_files_(std::move(access_files)),
      access_(access),
      tls_(tls),
      check_seconds_(check_seconds) {
  // What is on disk now is what the server started with: record it, reload nothing.
  recording_only_ = true;
  CheckFiles(/*forced=*/false);
  recording_only_ = false;
}

ConfigReloader::~ConfigReloader() {
  if (!thread_.joinable()) return;
  stop_ = true;
  [[maybe_unused]] ssize_t ignored = write(g_reload_pipe[1], &kStopByte, 1);
  thread_.join();
}

absl::Status ConfigReloader::Start() {
  if (absl::Status installed = InstallReloadHandler(); !installed.ok()) return installed;
  thread_ = std::thread([this] { Run(); });
  return absl::OkStatus();
}

void ConfigReloader::Run() {
  // main() blocked SIGHUP for every thread (BlockTerminationSignals); this one takes it.
  sigset_t hangup;
  sigemptyset(&hangup);
  sigaddset(&hangup, SIGHUP);
  pthread_sigmask(SIG_UNBLOCK, &hangup, nullptr);
  const int timeout_ms = check_seconds_ > 0 ? check_seconds_ * 1000 : -1;
  while (!stop_) {
    const unsigned char byte = WaitForReloadByte(timeout_ms);
    if (byte == kStopByte || stop_) break;
    if (byte == kReloadByte) LogLine("reload_requested").Str("signal", "SIGHUP").Emit();
    CheckFiles(/*forced=*/byte == kReloadByte);
  }
}

void ConfigReloader::CheckFiles(bool forced) {
  const bool starting = recording_only_;
  // Changed() must run for every file (it records what it saw), hence no short-circuit.
  const bool tokens = Changed(access_files_.tokens, &tokens_seen_);
  const bool policy = Changed(access_files_.policy, &policy_seen_);
  if (!starting && (forced || tokens || policy) &&
      !(access_files_.tokens.empty() && access_files_.policy.empty())) {
    ReloadAccess();
  }
  if (tls_ == nullptr) return;
  const bool cert = Changed(tls_->files().cert, &cert_seen_);
  const bool key = Changed(tls_->files().key, &key_seen_);
  const bool ca = Changed(tls_->files().client_ca, &ca_seen_);
  if (!starting && (forced || cert || key || ca)) ReloadTls();
}

void ConfigReloader::ReloadAccess() {
  auto config = LoadAccessConfig(access_files_);
  if (!config.ok()) return LogRefused("access", config.status());
  const size_t tokens = config->tokens == nullptr ? 0 : config->tokens->size();
  const size_t agencies = config->policy == nullptr ? 0 : config->policy->agencies().size();
  access_->Set(*std::move(config));
  LogLine("reloaded")
      .Str("what", "access")
      .Int("tokens", static_cast<long long>(tokens))
      .Int("policy_agencies", static_cast<long long>(agencies))
      .Emit();
}

void ConfigReloader::ReloadTls() {
  if (absl::Status reloaded = tls_->Reload(); !reloaded.ok()) return LogRefused("tls", reloaded);
  LogLine("reloaded").Str("what", "tls").Str("tls_cert", tls_->files().cert).Emit();
}

}  // namespace govmetrics::rpc
