#include "common/stats/bootstrap_panel_subset.h"

#include <string>

namespace govmetrics::stats {

PanelInput EquationInput(const PanelInput& in, int response, const std::vector<int>& x_columns) {
  PanelInput out;
  out.y_name = response < 0 ? in.y_name : in.x_names[response];
  out.y = response < 0 ? in.y : Eigen::VectorXd(in.x.col(response));
  out.x.resize(in.x.rows(), static_cast<Eigen::Index>(x_columns.size()));
  for (size_t j = 0; j < x_columns.size(); ++j) {
    out.x.col(static_cast<Eigen::Index>(j)) = in.x.col(x_columns[j]);
    out.x_names.push_back(in.x_names[x_columns[j]]);
  }
  out.entity = in.entity;
  out.period = in.period;
  out.absorb_names = in.absorb_names;
  out.absorb = in.absorb;
  out.cluster_names = in.cluster_names;
  out.clusters = in.clusters;
  return out;
}

PanelInput SelectPanelRows(const PanelInput& in, const std::vector<int>& rows) {
  PanelInput out;
  const Eigen::Index m = static_cast<Eigen::Index>(rows.size());
  out.y_name = in.y_name;
  out.x_names = in.x_names;
  out.absorb_names = in.absorb_names;
  out.cluster_names = in.cluster_names;
  out.instrument_names = in.instrument_names;
  out.y.resize(m);
  out.x.resize(m, in.x.cols());
  for (Eigen::Index i = 0; i < m; ++i) out.y[i] = in.y[rows[i]];
  for (Eigen::Index j = 0; j < in.x.cols(); ++j) {
    for (Eigen::Index i = 0; i < m; ++i) out.x(i, j) = in.x(rows[i], j);
  }
  if (in.instruments.cols() > 0) {
    out.instruments.resize(m, in.instruments.cols());
    for (Eigen::Index j = 0; j < in.instruments.cols(); ++j) {
      for (Eigen::Index i = 0; i < m; ++i) out.instruments(i, j) = in.instruments(rows[i], j);
    }
  }
  auto pick = [&](const std::vector<int>& v) {
    std::vector<int> r;
    if (v.empty()) return r;
    r.reserve(m);
    for (int row : rows) r.push_back(v[row]);
    return r;
  };
  out.entity = pick(in.entity);
  out.period = pick(in.period);
  for (const auto& a : in.absorb) out.absorb.push_back(pick(a));
  for (const auto& c : in.clusters) out.clusters.push_back(pick(c));
  return out;
}

void TruncatePanelRows(PanelInput& in, int64_t n) {
  const Eigen::Index rows = static_cast<Eigen::Index>(n);
  in.y.conservativeResize(rows);
  in.x.conservativeResize(rows, in.x.cols());
  if (in.instruments.rows() > rows) in.instruments.conservativeResize(rows, in.instruments.cols());
  auto cut = [&](std::vector<int>& v) {
    if (static_cast<int64_t>(v.size()) > n) v.resize(n);
  };
  cut(in.entity);
  cut(in.period);
  for (auto& a : in.absorb) cut(a);
  for (auto& c : in.clusters) cut(c);
}

int FindRegressor(const PanelInput& in, const std::string& name) {
  for (size_t j = 0; j < in.x_names.size(); ++j) {
    if (in.x_names[j] == name) return static_cast<int>(j);
  }
  return -1;
}

}  // namespace govmetrics::stats
