// What the spatial likelihoods and the effects need from a weights matrix W, whatever
// the method behind it: ln|I - a W|, tr(G) for G = W (I - a W)^-1 (minus its derivative:
// the likelihood's score), tr((I - a W)^-1) and the admissible interval of a.
// Implementations: the exact eigenvalues (spatial_spectrum.h, small N) and the sparse
// Cholesky factorisation (sparse_log_determinant.h, large N); the choice is made in
// spatial_panel_model.cc and described in docs/methods/spatial_panel.md.
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_LOG_DETERMINANT_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_LOG_DETERMINANT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/stats/spatial/spatial_inverse.h"

namespace govmetrics::stats {

class SpatialLogDeterminant {
 public:
  virtual ~SpatialLogDeterminant() = default;

  // ln|I - a W| (real: the absolute value of the determinant).
  virtual double LogDet(double a) const = 0;
  // tr(W (I - a W)^-1).
  virtual double TraceG(double a) const = 0;
  // tr((I - a W)^-1) = N + a tr(G), since (I - a W)^-1 = I + a W (I - a W)^-1.
  virtual double TraceInverse(double a) const { return n + a * TraceG(a); }
  // (I - a W)^-1 built on this method's own factorisation where it keeps one (the sparse
  // path: its ordering and analysis, and at the estimate its factor, serve the
  // covariance); null where it keeps none. FailedPrecondition when I - a W is singular.
  virtual absl::StatusOr<std::unique_ptr<SpatialInverse>> InverseAt(double /*a*/) const { return nullptr; }

  int n = 0;
  bool symmetric_similar = false;  // W = D^-1 C with C symmetric
  double lower = 0;                // the admissible interval of a (or an inner part of it)
  double upper = 0;
  std::string method;              // for the provenance
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_LOG_DETERMINANT_H_
