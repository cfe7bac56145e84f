#include "common/stats/mediation_simulation.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/stats/random_streams.h"

namespace govmetrics::stats {

MediationInput SimulateMediationPanel(const MediationDgp& dgp, uint64_t seed, uint64_t replicate) {
  ReplicateStream rng(seed, StreamPurpose::kSimulation, replicate);
  const int g = dgp.entities, t = dgp.periods, k = dgp.mediators;
  const int n = g * t;
  auto effects = [&](int levels) {
    std::vector<double> v(levels);
    for (double& e : v) e = rng.Normal();
    return v;
  };
  // AR(1) within entity, stationary start.
  auto ar1 = [&]() {
    std::vector<double> e(n);
    const double sd0 = 1.0 / std::sqrt(1.0 - dgp.rho * dgp.rho);
    for (int i = 0; i < g; ++i) {
      double prev = sd0 * rng.Normal();
      for (int s = 0; s < t; ++s) {
        if (s > 0) prev = dgp.rho * prev + rng.Normal();
        e[i * t + s] = prev;
      }
    }
    return e;
  };
  MediationInput in;
  in.treatment = "x";
  in.controls = {"c"};
  PanelInput& d = in.data;
  d.y_name = "y";
  d.x_names = {"x"};
  for (int j = 0; j < k; ++j) {
    in.mediators.push_back(absl::StrCat("m", j + 1));
    d.x_names.push_back(in.mediators.back());
  }
  d.x_names.push_back("c");
  d.x.resize(n, k + 2);
  d.y.resize(n);
  for (int i = 0; i < g; ++i) {
    for (int s = 0; s < t; ++s) {
      d.entity.push_back(i);
      d.period.push_back(2015 + s);
    }
  }
  std::vector<double> c(n);
  for (double& v : c) v = rng.Normal();
  const std::vector<double> ax = effects(g), tx = effects(t), u = ar1();
  for (int r = 0; r < n; ++r) {
    d.x(r, 0) = ax[r / t] + tx[r % t] + u[r];
    d.x(r, k + 1) = c[r];
  }
  std::vector<double> y(n);
  const std::vector<double> ay = effects(g), ty = effects(t), w = ar1();
  for (int r = 0; r < n; ++r) {
    const double scale = dgp.noise * (dgp.heteroskedastic ? 1.0 + std::fabs(d.x(r, 0)) / 2.0 : 1.0);
    y[r] = dgp.c_prime * d.x(r, 0) + 0.5 * c[r] + ay[r / t] + ty[r % t] + scale * w[r];
  }
  for (int j = 0; j < k; ++j) {
    const std::vector<double> am = effects(g), tm = effects(t), v = ar1();
    const double bj = dgp.b / (j + 1);
    for (int r = 0; r < n; ++r) {
      const double scale = dgp.heteroskedastic ? 1.0 + std::fabs(d.x(r, 0)) / 2.0 : 1.0;
      d.x(r, 1 + j) = dgp.a * d.x(r, 0) - 0.3 * c[r] + am[r / t] + tm[r % t] + scale * v[r];
      y[r] += bj * d.x(r, 1 + j);
    }
  }
  d.y = Eigen::Map<Eigen::VectorXd>(y.data(), n);
  return in;
}

}  // namespace govmetrics::stats
