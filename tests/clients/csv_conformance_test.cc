// The C++ CSV reader (common/files, which the CLI's --data uses) against the shared conformance fixture
// (tests/clients/csv_conformance/cases.json), which the Python, Node, Go and Java clients
// read too: one CSV behaviour everywhere.

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "common/files/read_panel.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace govmetrics::cli {
namespace {

const std::string kFixtureDir = std::string(GOVMETRICS_SOURCE_DIR) + "/tests/clients/csv_conformance/";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

google::protobuf::ListValue Cases() {
  google::protobuf::Struct root;
  const auto status = google::protobuf::util::JsonStringToMessage(ReadFile(kFixtureDir + "cases.json"), &root);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return root.fields().at("cases").list_value();
}

std::string Field(const google::protobuf::Struct& c, const std::string& name) {
  auto it = c.fields().find(name);
  return it == c.fields().end() ? "" : it->second.string_value();
}

// The CLI path (--data): file -> Panel; the first failing step's message.
absl::StatusOr<common::v1::Panel> ReadPanel(const google::protobuf::Struct& c) {
  files::PanelFileOptions options;
  options.entity = Field(c, "entity");
  options.period = Field(c, "period");
  return files::ReadPanelFile(kFixtureDir + Field(c, "file"), options);
}

// NaN equals NaN here: it is the missing-value marker, not an arithmetic result.
void ExpectSameValues(const google::protobuf::RepeatedField<double>& want,
                      const google::protobuf::RepeatedField<double>& got, const std::string& column) {
  ASSERT_EQ(want.size(), got.size()) << column;
  for (int i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << column << "[" << i << "] = " << got[i];
    } else {
      EXPECT_EQ(want[i], got[i]) << column << "[" << i << "]";
    }
  }
}

void ExpectSamePanel(const common::v1::Panel& want, const common::v1::Panel& got) {
  EXPECT_EQ(std::vector<std::string>(want.entity().begin(), want.entity().end()),
            std::vector<std::string>(got.entity().begin(), got.entity().end()));
  EXPECT_EQ(std::vector<int>(want.period().begin(), want.period().end()),
            std::vector<int>(got.period().begin(), got.period().end()));
  ASSERT_EQ(want.columns_size(), got.columns_size());
  for (int c = 0; c < want.columns_size(); ++c) {
    EXPECT_EQ(want.columns(c).name(), got.columns(c).name());
    ExpectSameValues(want.columns(c).values(), got.columns(c).values(), want.columns(c).name());
  }
  ASSERT_EQ(want.labels_size(), got.labels_size());
  for (int l = 0; l < want.labels_size(); ++l) {
    EXPECT_EQ(want.labels(l).name(), got.labels(l).name());
    EXPECT_EQ(std::vector<std::string>(want.labels(l).values().begin(), want.labels(l).values().end()),
              std::vector<std::string>(got.labels(l).values().begin(), got.labels(l).values().end()));
  }
}

TEST(CsvConformance, CliReaderMatchesEveryCaseOfTheSharedFixture) {
  const auto cases = Cases();
  ASSERT_GE(cases.values_size(), 5);
  for (const auto& value : cases.values()) {
    const auto& c = value.struct_value();
    SCOPED_TRACE(Field(c, "file") + " entity=" + Field(c, "entity"));
    const auto panel = ReadPanel(c);
    if (c.fields().contains("error")) {
      ASSERT_FALSE(panel.ok());
      EXPECT_NE(panel.status().message().find(Field(c, "error")), std::string::npos)
          << panel.status().message();
      continue;
    }
    ASSERT_TRUE(panel.ok()) << panel.status().ToString();
    std::string json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(c.fields().at("panel"), &json).ok());
    common::v1::Panel want;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &want).ok()) << json;
    ExpectSamePanel(want, *panel);
  }
}

}  // namespace
}  // namespace govmetrics::cli
