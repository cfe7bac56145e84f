#include "common/stats/weighting_coefficient_of_variation.h"

#include <limits>
#include <string>

#include "absl/strings/str_format.h"
#include "common/stats/weighting_entropy.h"
#include "common/stats/weighting_moments.h"

namespace govmetrics::stats {

absl::StatusOr<double> CoefficientOfVariation(double mean, double sd, double min,
                                              absl::string_view indicator) {
  if (min < 0.0 || !(mean > 0.0)) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "indicator '%s': the coefficient of variation needs raw values >= 0 with a positive "
        "mean (min %g, mean %g); use ENTROPY or CRITIC for interval-scaled data",
        indicator, min, mean));
  }
  return sd / mean;
}

absl::StatusOr<WeightingResult> CoefficientOfVariationWeights(
    const Eigen::Ref<const Eigen::MatrixXd>& raw) {
  if (raw.rows() < 2) {
    return absl::FailedPreconditionError("coefficient-of-variation weights need at least 2 rows");
  }
  const ColumnMoments mom = ComputeColumnMoments(raw);
  WeightingResult r;
  r.entropy = Eigen::VectorXd::Constant(raw.cols(), std::numeric_limits<double>::quiet_NaN());
  r.divergence.resize(raw.cols());
  for (Eigen::Index j = 0; j < raw.cols(); ++j) {
    absl::StatusOr<double> cv = CoefficientOfVariation(
        mom.mean[j], mom.sd[j], raw.col(j).minCoeff(), "column " + std::to_string(j));
    if (!cv.ok()) return cv.status();
    r.divergence[j] = *cv;
  }
  absl::StatusOr<Eigen::VectorXd> w =
      NormalizeInformation(r.divergence, "coefficient-of-variation weights");
  if (!w.ok()) return w.status();
  r.weight = *std::move(w);
  return r;
}

}  // namespace govmetrics::stats
