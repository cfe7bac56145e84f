#ifndef GOVMETRICS_TESTS_FILES_PANEL_EXPECT_H_
#define GOVMETRICS_TESTS_FILES_PANEL_EXPECT_H_

// Helpers for the file reader tests: paths of the reference files and a bit-for-bit
// Panel comparison (NaN equals NaN: a missing cell must stay missing, nothing else).

#include <cstring>
#include <string>

#include "common/files/read_panel.h"
#include "gtest/gtest.h"

namespace govmetrics::files::testing {

inline std::string ReferenceData(const std::string& name) {
  return std::string(GOVMETRICS_SOURCE_DIR) + "/tests/reference/data/" + name;
}
inline std::string ReferenceFile(const std::string& name) { return ReferenceData("files/" + name); }

inline common::v1::Panel ReadOrDie(const std::string& path, const std::string& entity, const std::string& period,
                                   const std::string& sheet = "") {
  PanelFileOptions options;
  options.entity = entity;
  options.period = period;
  options.read.sheet = sheet;
  auto panel = ReadPanelFile(path, options);
  EXPECT_TRUE(panel.ok()) << panel.status();
  return panel.ok() ? *panel : common::v1::Panel();
}

inline bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (a != a && b != b); }

inline void ExpectSameColumn(const common::v1::Column& a, const common::v1::Column& b) {
  ASSERT_EQ(a.values_size(), b.values_size()) << a.name();
  int differences = 0;
  for (int r = 0; r < a.values_size() && differences < 5; ++r) {
    if (!SameBits(a.values(r), b.values(r))) {
      ADD_FAILURE() << a.name() << " row " << r << ": " << a.values(r) << " vs " << b.values(r);
      ++differences;
    }
  }
}

inline void ExpectSamePanel(const common::v1::Panel& expected, const common::v1::Panel& actual) {
  ASSERT_EQ(expected.entity_size(), actual.entity_size());
  for (int r = 0; r < expected.entity_size(); ++r) {
    ASSERT_EQ(expected.entity(r), actual.entity(r)) << "row " << r;
    ASSERT_EQ(expected.period(r), actual.period(r)) << "row " << r;
  }
  ASSERT_EQ(expected.columns_size(), actual.columns_size());
  for (int c = 0; c < expected.columns_size(); ++c) {
    EXPECT_EQ(expected.columns(c).name(), actual.columns(c).name());
    ExpectSameColumn(expected.columns(c), actual.columns(c));
  }
  ASSERT_EQ(expected.labels_size(), actual.labels_size());
  for (int l = 0; l < expected.labels_size(); ++l) {
    EXPECT_EQ(expected.labels(l).name(), actual.labels(l).name());
    EXPECT_TRUE(std::equal(expected.labels(l).values().begin(), expected.labels(l).values().end(),
                           actual.labels(l).values().begin(), actual.labels(l).values().end()))
        << expected.labels(l).name();
  }
}

}  // namespace govmetrics::files::testing

#endif  // GOVMETRICS_TESTS_FILES_PANEL_EXPECT_H_
