// govmetrics side of bench/spatial_panel/run.sh: reads the simulated counties panel and
// its neighbour pairs, fits the two-way fixed-effects SDM (direct approach, as spatialreg
// fits the demeaned data) with its information-matrix standard errors, and prints
// "wall_seconds cpu_seconds rho rho_se" for the fit (reading excluded, as on the R side), then the
// log-determinant and trace methods used and the Hutchinson traces' relative error.
// The fit is repeated (argument 3, default 5) and the fastest time printed: on a shared
// machine the minimum is the least disturbed measurement (run.sh does the same for R).
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/stats/spatial/spatial_panel_model.h"

namespace {

std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::vector<std::vector<std::string>> rows;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, ',')) fields.push_back(f);
    rows.push_back(fields);
  }
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace govmetrics::stats;
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s counties_panel.csv counties_edges.csv [repeats]\n", argv[0]);
    return 2;
  }
  const auto panel = ReadCsv(argv[1]);
  const auto edges = ReadCsv(argv[2]);
  std::map<std::string, int> entity;
  std::map<int, int> period;
  for (const auto& r : panel) entity.emplace(r[0], 0), period.emplace(std::stoi(r[1]), 0);
  int i = 0;
  for (auto& e : entity) e.second = i++;
  i = 0;
  for (auto& p : period) p.second = i++;
  const int n = static_cast<int>(entity.size()), t = static_cast<int>(period.size());
  SpatialPanelInput input;
  input.y.resize(n, t);
  input.x.assign(2, Eigen::MatrixXd(n, t));
  input.x_names = {"x1", "x2"};
  for (const auto& r : panel) {
    const int e = entity[r[0]], p = period[std::stoi(r[1])];
    input.y(e, p) = std::stod(r[2]);
    input.x[0](e, p) = std::stod(r[3]);
    input.x[1](e, p) = std::stod(r[4]);
  }
  std::vector<WeightEntry> entries;
  for (const auto& r : edges) {
    entries.push_back({entity[r[0]], entity[r[1]], 1.0});
    entries.push_back({entity[r[1]], entity[r[0]], 1.0});
  }
  auto w = WeightsFromEntries(n, entries);
  if (!w.ok()) return std::fprintf(stderr, "%s\n", w.status().ToString().c_str()), 1;
  RowStandardise(&*w);
  input.weights = &*w;
  SpatialPanelOptions options;
  options.model = SpatialPanelModel::kSdm;
  options.effects = SpatialFixedEffects::kTwoWay;
  options.correction = SpatialBiasCorrection::kNone;
  options.lm_tests = options.durbin_tests = false;
  options.impact_draws = 0;
  // Argument 4 "observed": the observed-information covariance (spatialreg's convention
  // for method "Matrix" above 1500 observations; docs/methods/spatial_panel.md).
  if (argc > 4 && std::string(argv[4]) == "observed") options.covariance = SpatialCovariance::kObservedHessian;
  const int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
  double seconds = 1e300, cpu_seconds = 1e300;
  absl::StatusOr<SpatialPanelFit> fit;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    fit = FitSpatialPanel(input, options, nullptr);
    cpu_seconds = std::min(cpu_seconds, static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
    seconds = std::min(seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (!fit.ok()) return std::fprintf(stderr, "%s\n", fit.status().ToString().c_str()), 1;
  }
  std::printf("%.3f %.3f %.10f %.6f | %s | %s | trace relative error %.2g\n", seconds, cpu_seconds, fit->estimate.rho,
              fit->coefficients[0].std_error, fit->log_det_method.c_str(), fit->trace_method.c_str(),
              fit->trace_relative_error);
  return 0;
}
