// The lag models' bounded profile search (bounded_profile_search.h) and the Lanczos
// estimate behind the sparse path's interval (lanczos_extreme.h), on functions whose
// answers are known independently: a profile J(x) - h ln q(x) with a concave J built from
// 200 real "eigenvalues" and two local maxima, the higher one a spike narrower than the
// 48-point grid's spacing (a brute-force scan of 100,001 points and the score's root
// say where the global maximum is); the path graph, whose adjacency eigenvalues are
// 2 cos(k pi / (n + 1)).
#include <cmath>
#include <vector>

#include "Eigen/SparseCore"
#include "common/stats/spatial/bounded_profile_search.h"
#include "common/stats/spatial/lanczos_extreme.h"
#include "common/stats/spatial/profile_maximiser.h"
#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

constexpr double kPi = 3.14159265358979323846;

// J(x) = t sum ln(1 - x lambda_i): concave on (1 / min lambda, 1 / max lambda).
struct TwoPeaks {
  std::vector<double> lambda;
  double t = 0.1;
  QuadraticSse sse;
  int evaluations = 0;

  TwoPeaks(double h, double centre, double least) {
    lambda.push_back(1.0);
    for (int i = 1; i < 200; ++i) lambda.push_back(-0.6 + 1.6 * std::fmod(i * 0.6180339887498949, 1.0));
    sse = {h, least + centre * centre, centre, 1.0};
  }
  double lower() const { return 1.0 / *std::min_element(lambda.begin(), lambda.end()); }
  double upper() const { return 1.0; }
  double Value(double x) const {
    double j = 0;
    for (double l : lambda) j += std::log(1 - x * l);
    return t * j - sse.h * std::log(sse.At(x));
  }
  double Score(double x) const {
    double dj = 0;
    for (double l : lambda) dj -= l / (1 - x * l);
    return t * dj - sse.h * (2 * sse.q2 * x - 2 * sse.q1) / sse.At(x);
  }
  ProfileFunction Profile() {
    return [this](double x, bool with_score) -> absl::StatusOr<ProfilePoint> {
      ++evaluations;
      return ProfilePoint{Value(x), with_score ? Score(x) : 0.0};
    };
  }
};

TEST(BoundedProfileSearchTest, FindsANarrowGlobalMaximumTheGridMisses) {
  TwoPeaks peaks(/*h=*/0.5, /*centre=*/0.5, /*least=*/1e-8);
  const double lower = peaks.lower(), upper = peaks.upper();
  double scan_best = -1e300, scan_at = 0;
  for (int k = 1; k < 100000; ++k) {
    const double x = lower + (upper - lower) * k / 100000.0;
    if (peaks.Value(x) > scan_best) scan_best = peaks.Value(x), scan_at = x;
  }
  ASSERT_NEAR(scan_at, 0.5, 1e-3);  // the spike, not the broad local maximum near -0.83
  absl::StatusOr<double> grid = MaximiseProfile(peaks.Profile(), lower, upper);
  ASSERT_TRUE(grid.ok()) << grid.status();
  EXPECT_LT(*grid, -0.5);  // what a grid of values alone finds

  absl::StatusOr<double> bounded = MaximiseConcaveJacobianProfile(peaks.Profile(), peaks.sse, lower, upper);
  ASSERT_TRUE(bounded.ok()) << bounded.status();
  EXPECT_NEAR(*bounded, scan_at, 1e-5);
  EXPECT_GE(peaks.Value(*bounded), scan_best);
  EXPECT_NEAR(peaks.Score(*bounded), 0.0, 1e-6 * std::fabs(peaks.sse.h / std::sqrt(1e-8)));
}

TEST(BoundedProfileSearchTest, AUnimodalProfileNeedsFewerValuesThanTheGridAndAgreesWithIt) {
  TwoPeaks wide(/*h=*/500, /*centre=*/0.4, /*least=*/1.0);
  absl::StatusOr<double> grid = MaximiseProfile(wide.Profile(), wide.lower(), wide.upper());
  const int grid_evaluations = wide.evaluations;
  wide.evaluations = 0;
  absl::StatusOr<double> bounded = MaximiseConcaveJacobianProfile(wide.Profile(), wide.sse, wide.lower(), wide.upper());
  ASSERT_TRUE(grid.ok() && bounded.ok());
  EXPECT_NEAR(*bounded, *grid, 1e-13);
  EXPECT_NEAR(wide.Score(*bounded), 0.0, 1e-9);
  EXPECT_LT(wide.evaluations, grid_evaluations - 30);
}

TEST(LanczosExtremeTest, SmallestEigenvalueOfThePathGraph) {
  for (int n : {2, 50, 400}) {
    std::vector<Eigen::Triplet<double>> entries;
    for (int i = 0; i + 1 < n; ++i) entries.emplace_back(i, i + 1, 1.0), entries.emplace_back(i + 1, i, 1.0);
    Eigen::SparseMatrix<double> path(n, n);
    path.setFromTriplets(entries.begin(), entries.end());
    const double exact = 2 * std::cos(n * kPi / (n + 1));
    const double ritz = LanczosSmallestEigenvalue(path, 1000, 1e-12);
    EXPECT_NEAR(ritz, exact, 1e-9) << n;
    EXPECT_GE(ritz, exact - 1e-12) << n;  // from above, to rounding
  }
}

}  // namespace
}  // namespace govmetrics::stats
