// Spatial weights matrices W (n x n, zero diagonal, non-negative) and their builders:
// neighbour lists / user matrices (explicit entries), k nearest neighbours, inverse
// distance with a cut-off and a power, a truncated Gaussian kernel, and economic distance.
// Units without any neighbour ("islands") are detected and reported; row
// standardisation divides every other row by its sum. Conventions:
// docs/methods/spatial.md.
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_WEIGHTS_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_WEIGHTS_H_

#include <vector>

#include "Eigen/Core"
#include "Eigen/SparseCore"
#include "absl/status/statusor.h"

namespace govmetrics::stats {

using SparseWeights = Eigen::SparseMatrix<double, Eigen::RowMajor>;

struct SpatialWeights {
  SparseWeights w;
  std::vector<int> islands;  // units (rows) with no neighbour
  bool row_standardised = false;

  int n() const { return static_cast<int>(w.rows()); }
};

// One explicit entry w(row, col) = weight.
struct WeightEntry {
  int row = 0;
  int col = 0;
  double weight = 1;
};

// From explicit entries (an adjacency list with weight 1, or a user matrix's non-zeros).
// InvalidArgument for an entry on the diagonal, out of range, negative or non-finite,
// or given twice.
absl::StatusOr<SpatialWeights> WeightsFromEntries(int n, const std::vector<WeightEntry>& entries);

// Binary weights to each unit's k nearest others (ties at the k-th distance broken by
// the lower index); not symmetric in general. Needs 1 <= k < n.
absl::StatusOr<SpatialWeights> KNearestNeighbourWeights(const Eigen::MatrixXd& distance, int k);

// w_ij = d_ij^-power for 0 < d_ij <= cutoff (cutoff <= 0: no cut-off). A zero distance
// between two units is FailedPrecondition (the weight would be infinite).
absl::StatusOr<SpatialWeights> InverseDistanceWeights(const Eigen::MatrixXd& distance, double power,
                                                      double cutoff);

// w_ij = exp(-(d_ij / h)^2 / 2) for d_ij <= h, 0 beyond (a fixed-bandwidth Gaussian kernel
// truncated at its bandwidth, zero diagonal). h <= 0 means the largest nearest-neighbour
// distance, so that no unit is an island.
absl::StatusOr<SpatialWeights> GaussianKernelWeights(const Eigen::MatrixXd& distance, double bandwidth);

// w_ij = 1 / |x_i - x_j| (economic distance on a per-unit value such as mean GDP per
// capita). Equal values are FailedPrecondition naming both units' indices.
absl::StatusOr<SpatialWeights> EconomicDistanceWeights(const Eigen::VectorXd& value);

// Divides each row with neighbours by its sum.
void RowStandardise(SpatialWeights* weights);

// The largest nearest-neighbour distance (the smallest bandwidth without islands).
double LargestNearestNeighbourDistance(const Eigen::MatrixXd& distance);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_WEIGHTS_H_
