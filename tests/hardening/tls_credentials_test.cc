// TLS credential construction refuses incomplete or unreadable configurations with a
// message naming the flag, instead of silently serving plaintext.
#include "common/rpc/tls_credentials.h"

#include <cstdio>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace govmetrics::rpc {
namespace {

using ::testing::HasSubstr;

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(TlsCredentialsTest, NoFilesMeansPlaintext) {
  EXPECT_TRUE(MakeServerCredentials("", "", "").ok());
  EXPECT_TRUE(MakeChannelCredentials("", "", "").ok());
}

TEST(TlsCredentialsTest, CertificateWithoutKeyIsRefused) {
  auto result = MakeServerCredentials("/some/cert.pem", "", "");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("--tls_key"));
}

TEST(TlsCredentialsTest, ClientCaWithoutServerCertificateIsRefused) {
  auto result = MakeServerCredentials("", "", "/some/ca.pem");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("--tls_client_ca"));
}

TEST(TlsCredentialsTest, MissingFileNamesTheFlag) {
  const std::string key = WriteTemp("key.pem", "-----BEGIN PRIVATE KEY-----\n");
  auto result = MakeServerCredentials("/nonexistent/cert.pem", key, "");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("--tls_cert"));
}

TEST(TlsCredentialsTest, NonPemFileIsRefused) {
  const std::string not_pem = WriteTemp("not_pem.txt", "hello");
  auto result = ReadPemFile(not_pem, "tls_client_ca");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("not a PEM file"));
}

TEST(TlsCredentialsTest, DownstreamCertificateWithoutKeyIsRefused) {
  auto result = MakeChannelCredentials("/some/cert.pem", "", "");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("--downstream_tls_key"));
}

TEST(TlsCredentialsTest, MissingDownstreamCaNamesTheFlag) {
  auto result = MakeChannelCredentials("", "", "/nonexistent/ca.pem");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("--downstream_ca"));
}

TEST(TlsCredentialsTest, DownstreamCredentialsArePlaintextUntilSet) {
  auto plaintext = DownstreamCredentials();
  ASSERT_NE(plaintext, nullptr);
  auto tls = grpc::SslCredentials(grpc::SslCredentialsOptions());
  SetDownstreamCredentials(tls);
  EXPECT_EQ(DownstreamCredentials(), tls);
  SetDownstreamCredentials(nullptr);
}

}  // namespace
}  // namespace govmetrics::rpc
