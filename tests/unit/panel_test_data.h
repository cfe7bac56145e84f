// Test data for the panel engine: a small deterministic unbalanced panel whose
// reference results were computed with R (plm, sandwich, lmtest, AER); the R
// script is reproduced in panel_fit_test.cc. Also a minimal CSV reader for the
// reference datasets in tests/reference/data/.
#ifndef GOVMETRICS_TESTS_UNIT_PANEL_TEST_DATA_H_
#define GOVMETRICS_TESTS_UNIT_PANEL_TEST_DATA_H_

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/stats/panel_input.h"

namespace govmetrics::stats::testing {

// 6 entities x periods 2001..2006, rows with (i + s) % 7 == 0 removed (30 rows).
inline PanelInput TinyPanel(bool with_instrument = false) {
  std::vector<double> y, x1, x2, z;
  PanelInput in;
  for (int i = 1; i <= 6; ++i) {
    for (int s = 1; s <= 6; ++s) {
      if ((i + s) % 7 == 0) continue;
      const double a = 3 * std::sin(1.3 * i + 0.7 * s) + 0.5 * i;
      const double b = std::cos(0.5 * i + 1.1 * s) + 0.2 * s;
      x1.push_back(a);
      x2.push_back(b);
      z.push_back(3 * std::sin(1.3 * i + 0.7 * s) + 0.8 * std::cos(3.1 * i * s));
      y.push_back(1 + 0.5 * a - 0.8 * b + 0.3 * i + 0.1 * s + std::sin(i * s * 0.37) +
                  1.2 * std::sin(2.3 * i));
      in.entity.push_back(i);
      in.period.push_back(2000 + s);
    }
  }
  const int n = static_cast<int>(y.size());
  in.y_name = "y";
  in.y = Eigen::Map<Eigen::VectorXd>(y.data(), n);
  in.x_names = {"x1", "x2"};
  in.x.resize(n, 2);
  in.x.col(0) = Eigen::Map<Eigen::VectorXd>(x1.data(), n);
  in.x.col(1) = Eigen::Map<Eigen::VectorXd>(x2.data(), n);
  in.cluster_names = {"region"};
  in.clusters.emplace_back();
  for (int e : in.entity) in.clusters[0].push_back((e - 1) / 2);
  if (with_instrument) {
    in.instrument_names = {"z"};
    in.instruments = Eigen::Map<Eigen::MatrixXd>(z.data(), n, 1);
  }
  return in;
}

// A CSV file with a header row; numeric cells parsed with strtod ("NA" and
// empty cells become NaN), the raw text kept for label columns.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> cells;  // by column

  int Column(const std::string& name) const {
    for (size_t j = 0; j < header.size(); ++j) {
      if (header[j] == name) return static_cast<int>(j);
    }
    return -1;
  }
  std::vector<double> Numeric(const std::string& name) const {
    std::vector<double> out;
    const int j = Column(name);
    if (j < 0) return out;
    for (const std::string& c : cells[j]) {
      if (c.empty() || c == "NA") {
        out.push_back(std::nan(""));
      } else {
        out.push_back(std::strtod(c.c_str(), nullptr));
      }
    }
    return out;
  }
  // Dense integer codes of a label column (in order of first appearance).
  std::vector<int> Codes(const std::string& name) const {
    std::vector<int> out;
    const int j = Column(name);
    if (j < 0) return out;
    std::map<std::string, int> ids;
    for (const std::string& c : cells[j]) {
      auto it = ids.emplace(c, static_cast<int>(ids.size())).first;
      out.push_back(it->second);
    }
    return out;
  }
};

inline std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char ch : line) {
    if (ch == '"') {
      quoted = !quoted;
    } else if (ch == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else if (ch != '\r') {
      cur.push_back(ch);
    }
  }
  out.push_back(cur);
  return out;
}

inline bool ReadCsv(const std::string& path, CsvTable* table) {
  std::ifstream f(path);
  if (!f) return false;
  std::string line;
  if (!std::getline(f, line)) return false;
  table->header = SplitCsvLine(line);
  table->cells.assign(table->header.size(), {});
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> row = SplitCsvLine(line);
    for (size_t j = 0; j < table->header.size(); ++j) {
      table->cells[j].push_back(j < row.size() ? row[j] : "");
    }
  }
  return true;
}

}  // namespace govmetrics::stats::testing

#endif  // GOVMETRICS_TESTS_UNIT_PANEL_TEST_DATA_H_
