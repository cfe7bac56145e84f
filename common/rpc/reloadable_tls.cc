#include "common/rpc/reloadable_tls.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/rpc/tls_credentials.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"

namespace govmetrics::rpc {
namespace {

// gRPC's minimum: the watched copies are re-read every second.
constexpr unsigned int kRefreshSeconds = 1;

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Deleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

std::unique_ptr<BIO, BioDeleter> MemoryBio(const std::string& pem) {
  return std::unique_ptr<BIO, BioDeleter>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

std::unique_ptr<X509, X509Deleter> FirstCertificate(const std::string& pem) {
  auto bio = MemoryBio(pem);
  return std::unique_ptr<X509, X509Deleter>(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

absl::Status WriteFile(const std::string& path, const std::string& content) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return absl::InternalError(absl::StrCat("cannot write ", path));
  const bool written =
      write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  close(fd);
  if (!written) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

// Points `link` at `target` in one step (a new symlink renamed over the old one).
absl::Status SwapSymlink(const std::string& target, const std::string& link) {
  const std::string temporary = link + ".new";
  unlink(temporary.c_str());
  if (symlink(target.c_str(), temporary.c_str()) != 0 ||
      rename(temporary.c_str(), link.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("cannot switch ", link));
  }
  return absl::OkStatus();
}

std::string NewPrivateDirectory() {
  const char* base = getenv("TMPDIR");
  std::string pattern = absl::StrCat(base != nullptr && *base != '\0' ? base : "/tmp",
                                     "/govmetrics-tls-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) return "";
  return pattern;
}

}  // namespace

absl::Status CheckTlsMaterial(const std::string& cert_pem, const std::string& key_pem,
                              const std::string& ca_pem) {
  auto cert = FirstCertificate(cert_pem);
  if (cert == nullptr) return absl::InvalidArgumentError("--tls_cert holds no PEM certificate");
  auto key_bio = MemoryBio(key_pem);
  std::unique_ptr<EVP_PKEY, KeyDeleter> key(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr) return absl::InvalidArgumentError("--tls_key holds no PEM private key");
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    return absl::InvalidArgumentError("--tls_key is not the key of the --tls_cert certificate");
  }
  if (!ca_pem.empty() && FirstCertificate(ca_pem) == nullptr) {
    return absl::InvalidArgumentError("--tls_client_ca holds no PEM certificate");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ReloadableServerTls>> ReloadableServerTls::Create(TlsFiles files) {
  std::unique_ptr<ReloadableServerTls> tls(new ReloadableServerTls);
  tls->files_ = std::move(files);
  tls->directory_ = NewPrivateDirectory();
  if (tls->directory_.empty()) {
    return absl::InternalError("cannot create a private directory for TLS files under $TMPDIR");
  }
  if (absl::Status staged = tls->Stage(); !staged.ok()) return staged;
  const std::string dir = tls->directory_ + "/current";
  auto provider =
      tls->files_.client_ca.empty()
          ? std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
                dir + "/key.pem", dir + "/cert.pem", kRefreshSeconds)
          : std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
                dir + "/key.pem", dir + "/cert.pem", dir + "/ca.pem", kRefreshSeconds);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (!tls->files_.client_ca.empty()) {
    options.watch_root_certs();
    options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  } else {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  }
  tls->credentials_ = grpc::experimental::TlsServerCredentials(options);
  return tls;
}

ReloadableServerTls::~ReloadableServerTls() {
  for (const char* slot : {"/a", "/b"}) {
    for (const char* name : {"/cert.pem", "/key.pem", "/ca.pem"}) {
      unlink((directory_ + slot + name).c_str());
    }
    rmdir((directory_ + slot).c_str());
  }
  unlink((directory_ + "/current").c_str());
  rmdir(directory_.c_str());
}

absl::Status ReloadableServerTls::Stage() {
  auto cert = ReadPemFile(files_.cert, "tls_cert");
  if (!cert.ok()) return cert.status();
  auto key = ReadPemFile(files_.key, "tls_key");
  if (!key.ok()) return key.status();
  std::string ca;
  if (!files_.client_ca.empty()) {
    auto read = ReadPemFile(files_.client_ca, "tls_client_ca");
    if (!read.ok()) return read.status();
    ca = *std::move(read);
  }
  if (absl::Status ok = CheckTlsMaterial(*cert, *key, ca); !ok.ok()) return ok;
  // The files go into the slot not in use, then one rename switches `current` to it:
  // gRPC reading key and certificate never sees one new and the other old (the same
  // trick as a Kubernetes Secret volume's `..data` link).
  const std::string slot = active_slot_ == "a" ? "b" : "a";
  const std::string slot_dir = absl::StrCat(directory_, "/", slot);
  mkdir(slot_dir.c_str(), 0700);
  const std::pair<const char*, const std::string*> contents[] = {
      {"/key.pem", &*key}, {"/cert.pem", &*cert}, {"/ca.pem", &ca}};
  for (const auto& [name, content] : contents) {
    if (absl::Status s = WriteFile(slot_dir + name, *content); !s.ok()) return s;
  }
  if (absl::Status s = SwapSymlink(slot, directory_ + "/current"); !s.ok()) return s;
  active_slot_ = slot;
  return absl::OkStatus();
}

absl::Status ReloadableServerTls::Reload() { return Stage(); }

}  // namespace govmetrics::rpc
