#ifndef GOVMETRICS_COMMON_STATS_COUPLING_COORDINATION_H_
#define GOVMETRICS_COMMON_STATS_COUPLING_COORDINATION_H_

// Coupling coordination degree of two systems with indices U1, U2 in [0,1]:
//   C = 2 sqrt(U1 U2) / (U1 + U2)              coupling degree, in [0,1]
//     ( = { U1 U2 / [(U1 + U2)/2]^2 }^(1/2): the n-system form n [prod U / (sum U)^n]^(1/n)
//       at n = 2. Writing the exponent as 1/k with k = 2 on the bare ratio
//       U1 U2 / (U1 + U2)^2, or taking k = 3, 4 ..., are published mistakes that bound C
//       far below 1; see docs/methods/index.md.)
//   T = a U1 + b U2,  a + b = 1 (default a = b = 0.5)   comprehensive coordination index
//   D = sqrt(C T)                                        coupling coordination degree
// U1 + U2 = 0: C is 0/0; it is set to 0 (no coupling between two absent systems) and
// then T = 0 and D = 0, which is also the limit of D along any path to (0, 0).
// A NaN in either input (e.g. a row the index dropped) gives NaN outputs for that row,
// counted in `nan_rows`; any other value outside [0,1] is rejected.

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace govmetrics::stats {

struct CouplingCoordinationResult {
  Eigen::VectorXd coupling;            // C
  Eigen::VectorXd coordination_index;  // T
  Eigen::VectorXd degree;              // D
  int nan_rows = 0;
  double first_weight = 0.5;  // a (resolved); b = 1 - a
};

// Liao's (1999) ten classes of the coupling coordination degree, bands of 0.1:
// band k holds D in [0.1 k, 0.1 (k + 1)), D = 1 in band 9; 0 = extreme imbalance
// (极度失调) ... 4 = on the verge of imbalance (濒临失调), 5 = barely coordinated
// (勉强协调) ... 9 = high-quality coordination (优质协调). Liao Chongbin (1999), Tropical
// Geography 19(2): 171-177. -1 for NaN (a row without a degree).
inline constexpr int kCoordinationBands = 10;
int CoordinationBand(double degree);

// InvalidArgument: sizes differ, a value outside [0,1] or infinite (naming the row and
// system), or first_weight outside [0,1].
absl::StatusOr<CouplingCoordinationResult> ComputeCouplingCoordination(
    const Eigen::Ref<const Eigen::VectorXd>& u1, const Eigen::Ref<const Eigen::VectorXd>& u2,
    double first_weight = 0.5);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_COUPLING_COORDINATION_H_
