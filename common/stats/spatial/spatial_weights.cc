#include "common/stats/spatial/spatial_weights.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace govmetrics::stats {
namespace {

// Builds the sparse matrix and lists the islands.
SpatialWeights Assemble(int n, std::vector<Eigen::Triplet<double>> triplets) {
  SpatialWeights out;
  out.w.resize(n, n);
  out.w.setFromTriplets(triplets.begin(), triplets.end());
  out.w.makeCompressed();
  for (int i = 0; i < n; ++i) {
    if (out.w.outerIndexPtr()[i + 1] == out.w.outerIndexPtr()[i]) out.islands.push_back(i);
  }
  return out;
}

absl::Status CheckDistances(const Eigen::MatrixXd& d) {
  if (d.rows() != d.cols() || d.rows() < 2) {
    return absl::InvalidArgumentError("spatial weights: need a square distance matrix of at least 2 units");
  }
  if (!d.allFinite() || (d.array() < 0).any()) {
    return absl::InvalidArgumentError("spatial weights: distances must be finite and >= 0");
  }
  return absl::OkStatus();
}

// Applies `weight(d)` (0 = no link) to every off-diagonal pair.
template <typename F>
absl::StatusOr<SpatialWeights> FromDistances(const Eigen::MatrixXd& d, F weight) {
  if (auto status = CheckDistances(d); !status.ok()) return status;
  const int n = static_cast<int>(d.rows());
  std::vector<Eigen::Triplet<double>> triplets;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (i == j) continue;
      const double w = weight(d(i, j));
      if (w > 0) triplets.emplace_back(i, j, w);
    }
  }
  return Assemble(n, std::move(triplets));
}

}  // namespace

absl::StatusOr<SpatialWeights> WeightsFromEntries(int n, const std::vector<WeightEntry>& entries) {
  std::vector<Eigen::Triplet<double>> triplets;
  std::vector<std::pair<int, int>> seen;
  for (const WeightEntry& e : entries) {
    if (e.row < 0 || e.row >= n || e.col < 0 || e.col >= n) {
      return absl::InvalidArgumentError(absl::StrCat("spatial weights: entry (", e.row, ", ", e.col, ") out of range"));
    }
    if (e.row == e.col) {
      return absl::InvalidArgumentError(absl::StrCat("spatial weights: unit ", e.row, " is its own neighbour"));
    }
    if (!(e.weight >= 0) || !std::isfinite(e.weight)) {
      return absl::InvalidArgumentError(absl::StrCat("spatial weights: weight of (", e.row, ", ", e.col,
                                                     ") must be finite and >= 0"));
    }
    seen.emplace_back(e.row, e.col);
    if (e.weight > 0) triplets.emplace_back(e.row, e.col, e.weight);
  }
  std::sort(seen.begin(), seen.end());
  auto dup = std::adjacent_find(seen.begin(), seen.end());
  if (dup != seen.end()) {
    return absl::InvalidArgumentError(absl::StrCat("spatial weights: entry (", dup->first, ", ", dup->second,
                                                   ") given twice"));
  }
  return Assemble(n, std::move(triplets));
}

absl::StatusOr<SpatialWeights> KNearestNeighbourWeights(const Eigen::MatrixXd& d, int k) {
  if (auto status = CheckDistances(d); !status.ok()) return status;
  const int n = static_cast<int>(d.rows());
  if (k < 1 || k >= n) return absl::InvalidArgumentError(absl::StrCat("kNN weights: k must be 1..", n - 1));
  std::vector<Eigen::Triplet<double>> triplets;
  std::vector<int> order(n);
  for (int i = 0; i < n; ++i) {
    std::iota(order.begin(), order.end(), 0);
    order.erase(order.begin() + i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return d(i, a) < d(i, b); });
    for (int m = 0; m < k; ++m) triplets.emplace_back(i, order[m], 1.0);
    order.resize(n);
  }
  return Assemble(n, std::move(triplets));
}

absl::StatusOr<SpatialWeights> InverseDistanceWeights(const Eigen::MatrixXd& d, double power, double cutoff) {
  if (!(power > 0) || !std::isfinite(power)) return absl::InvalidArgumentError("inverse distance: power must be > 0");
  for (Eigen::Index i = 0; i < d.rows(); ++i) {
    for (Eigen::Index j = 0; j < d.cols(); ++j) {
      if (i != j && d(i, j) == 0) {
        return absl::FailedPreconditionError(
            absl::StrCat("inverse distance: units ", i, " and ", j, " are at distance 0"));
      }
    }
  }
  return FromDistances(d, [&](double dij) {
    return cutoff > 0 && dij > cutoff ? 0.0 : std::pow(dij, -power);
  });
}

absl::StatusOr<SpatialWeights> GaussianKernelWeights(const Eigen::MatrixXd& d, double bandwidth) {
  if (auto status = CheckDistances(d); !status.ok()) return status;
  const double h = bandwidth > 0 ? bandwidth : LargestNearestNeighbourDistance(d);
  if (!(h > 0)) return absl::FailedPreconditionError("Gaussian kernel: every unit is at distance 0");
  return FromDistances(d, [h](double dij) {
    if (dij > h) return 0.0;
    const double z = dij / h;
    return std::exp(-0.5 * z * z);
  });
}

absl::StatusOr<SpatialWeights> EconomicDistanceWeights(const Eigen::VectorXd& value) {
  const Eigen::Index n = value.size();
  if (n < 2 || !value.allFinite()) {
    return absl::InvalidArgumentError("economic distance: need at least 2 finite values");
  }
  Eigen::MatrixXd d(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      d(i, j) = std::fabs(value[i] - value[j]);
      if (i != j && d(i, j) == 0) {
        return absl::FailedPreconditionError(
            absl::StrCat("economic distance: units ", i, " and ", j, " have the same value"));
      }
    }
  }
  return FromDistances(d, [](double dij) { return 1.0 / dij; });
}

void RowStandardise(SpatialWeights* weights) {
  for (int i = 0; i < weights->w.outerSize(); ++i) {
    const double sum = weights->w.row(i).sum();
    if (sum > 0) weights->w.row(i) /= sum;
  }
  weights->row_standardised = true;
}

double LargestNearestNeighbourDistance(const Eigen::MatrixXd& d) {
  double largest = 0;
  for (Eigen::Index i = 0; i < d.rows(); ++i) {
    double nearest = std::numeric_limits<double>::infinity();
    for (Eigen::Index j = 0; j < d.cols(); ++j) {
      if (i != j) nearest = std::min(nearest, d(i, j));
    }
    largest = std::max(largest, nearest);
  }
  return largest;
}

}  // namespace govmetrics::stats
