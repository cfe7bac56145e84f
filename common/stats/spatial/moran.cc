#include "common/stats/spatial/moran.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "common/stats/bootstrap_runner.h"
#include "common/stats/distributions.h"

namespace govmetrics::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Buffers of one permutation worker, sized once: the permuted values, the order, and
// Moran's deviations z and lag Wz.
struct PermutationScratch {
  Eigen::VectorXd y, z, wz;
  std::vector<int32_t> order;
};

// z and wz are scratch (the same operations as z.dot(w * z) with its temporary).
double MoranStatistic(const Eigen::VectorXd& x, const SparseWeights& w, double n, double s0, Eigen::VectorXd& z,
                      Eigen::VectorXd& wz) {
  z = x.array() - x.mean();
  wz.noalias() = w * z;
  return (n / s0) * z.dot(wz) / z.squaredNorm();
}

double GearyStatistic(const Eigen::VectorXd& x, const SparseWeights& w, double n, double s0) {
  double sum = 0;
  for (int i = 0; i < w.outerSize(); ++i) {
    for (SparseWeights::InnerIterator it(w, i); it; ++it) {
      const double d = x[i] - x[it.col()];
      sum += it.value() * d * d;
    }
  }
  return ((n - 1) / (2 * s0)) * sum / (x.array() - x.mean()).square().sum();
}

AutocorrelationTest Test(double deviation, double expectation, double variance) {
  AutocorrelationTest t;
  t.expectation = expectation;
  t.variance = variance;
  t.z = deviation / std::sqrt(variance);
  t.p_greater = std::isfinite(t.z) ? 0.5 * std::erfc(t.z / std::sqrt(2.0)) : kNaN;
  t.p_two_sided = std::isfinite(t.z) ? NormalTwoSidedPValue(t.z) : kNaN;
  return t;
}

// Sample kurtosis n sum z^4 / (sum z^2)^2 with the given n.
double Kurtosis(const Eigen::VectorXd& x, double n) {
  const Eigen::ArrayXd z = x.array() - x.mean();
  const double zz = z.square().sum();
  return n * z.pow(4).sum() / (zz * zz);
}

absl::Status CheckInput(const Eigen::VectorXd& x, const SpatialWeights& weights, const WeightsConstants& c) {
  if (x.size() != weights.n()) {
    return absl::InvalidArgumentError("spatial autocorrelation: one value per unit of W is required");
  }
  if (!x.allFinite()) return absl::InvalidArgumentError("spatial autocorrelation: values must be finite");
  if (c.n < 4) {
    return absl::FailedPreconditionError("spatial autocorrelation: fewer than 4 units have neighbours");
  }
  if ((x.array() == x[0]).all()) return absl::FailedPreconditionError("spatial autocorrelation: the variable is constant");
  return absl::OkStatus();
}

// Permutation counts: statistic(permuted x) at least as extreme as `observed` toward
// positive autocorrelation (>= for Moran, <= for Geary).
template <typename Statistic>
absl::StatusOr<double> PermutationP(const Eigen::VectorXd& x, double observed, bool larger_is_positive,
                                    const PermutationSettings& s, Statistic statistic) {
  if (s.permutations <= 0) return kNaN;
  const int64_t n = x.size();
  const PermutationTable* table = s.table != nullptr && s.table->Matches(n, s.permutations, s.seed) ? s.table : nullptr;
  std::vector<char> extreme(static_cast<size_t>(s.permutations), 0);
  std::vector<PermutationScratch> scratch(static_cast<size_t>(std::max(1, s.threads)));
  for (PermutationScratch& w : scratch) {
    w.y.resize(n);
    w.order.resize(static_cast<size_t>(n));
  }
  auto status = RunReplicates(s.permutations, std::max(1, s.threads), s.should_stop, [&](int64_t r, int worker) {
    PermutationScratch& w = scratch[static_cast<size_t>(worker)];
    const int32_t* order = w.order.data();
    if (table != nullptr) {
      order = table->Order(r);
    } else {
      DrawPermutation(s.seed, r, n, w.order.data());
    }
    for (int64_t k = 0; k < n; ++k) w.y[k] = x[order[k]];
    const double value = statistic(w);
    extreme[static_cast<size_t>(r)] = larger_is_positive ? value >= observed : value <= observed;
  });
  if (!status.ok()) return status;
  double count = 0;
  for (char e : extreme) count += e;
  return (count + 1) / (static_cast<double>(s.permutations) + 1);
}

}  // namespace

WeightsConstants ComputeWeightsConstants(const SpatialWeights& weights) {
  const SparseWeights& w = weights.w;
  WeightsConstants c;
  c.n_all = weights.n();
  c.n = c.n_all - static_cast<double>(weights.islands.size());
  c.s0 = w.sum();
  const SparseWeights t = w.transpose();
  const SparseWeights sym = w + t;
  c.s1 = 0.5 * sym.squaredNorm();
  const Eigen::VectorXd row = w * Eigen::VectorXd::Ones(w.cols());
  const Eigen::VectorXd col = t * Eigen::VectorXd::Ones(w.rows());
  c.s2 = (row + col).squaredNorm();
  return c;
}

absl::StatusOr<GlobalAutocorrelation> MoranI(const Eigen::VectorXd& x, const SpatialWeights& weights,
                                             const PermutationSettings& permutation) {
  const WeightsConstants c = ComputeWeightsConstants(weights);
  if (auto status = CheckInput(x, weights, c); !status.ok()) return status;
  const double n = c.n, nn = n * n, s02 = c.s0 * c.s0;
  GlobalAutocorrelation out;
  Eigen::VectorXd z, wz;
  out.statistic = MoranStatistic(x, weights.w, n, c.s0, z, wz);
  const double ei = -1 / (n - 1);
  const double v_normal = (nn * c.s1 - n * c.s2 + 3 * s02) / (s02 * (nn - 1)) - ei * ei;
  const double k = Kurtosis(x, c.n_all);
  const double v_rand = (n * (c.s1 * (nn - 3 * n + 3) - n * c.s2 + 3 * s02) -
                         k * (c.s1 * (nn - n) - 2 * n * c.s2 + 6 * s02)) /
                            ((n - 1) * (n - 2) * (n - 3) * s02) - ei * ei;
  out.normal = Test(out.statistic - ei, ei, v_normal);
  out.randomisation = Test(out.statistic - ei, ei, v_rand);
  auto p = PermutationP(x, out.statistic, /*larger_is_positive=*/true, permutation,
                        [&](PermutationScratch& w) { return MoranStatistic(w.y, weights.w, n, c.s0, w.z, w.wz); });
  if (!p.ok()) return p.status();
  out.permutation_p = *p;
  out.permutations = permutation.permutations;
  return out;
}

absl::StatusOr<GlobalAutocorrelation> GearyC(const Eigen::VectorXd& x, const SpatialWeights& weights,
                                             const PermutationSettings& permutation) {
  const WeightsConstants c = ComputeWeightsConstants(weights);
  if (auto status = CheckInput(x, weights, c); !status.ok()) return status;
  // spdep's geary.test mixes the adjusted n (wc$n, n1, nn) and every unit (n) exactly so.
  const double n = c.n, n1 = n - 1, nn = n * n, all = c.n_all, s02 = c.s0 * c.s0;
  GlobalAutocorrelation out;
  out.statistic = GearyStatistic(x, weights.w, n, c.s0);
  const double k = Kurtosis(x, n);
  const double v_normal = ((2 * c.s1 + c.s2) * n1 - 4 * s02) / (2 * (all + 1) * s02);
  double v_rand = n1 * c.s1 * (nn - 3 * all + 3 - k * n1);
  v_rand -= 0.25 * (n1 * c.s2 * (nn + 3 * all - 6 - k * (nn - all + 2)));
  v_rand += s02 * (nn - 3 - k * n1 * n1);
  v_rand /= all * (n - 2) * (n - 3) * s02;
  out.normal = Test(1 - out.statistic, 1, v_normal);
  out.randomisation = Test(1 - out.statistic, 1, v_rand);
  auto p = PermutationP(x, out.statistic, /*larger_is_positive=*/false, permutation,
                        [&](PermutationScratch& w) { return GearyStatistic(w.y, weights.w, n, c.s0); });
  if (!p.ok()) return p.status();
  out.permutation_p = *p;
  out.permutations = permutation.permutations;
  return out;
}

}  // namespace govmetrics::stats
