// The sparse path of the spatial panel models (sparse_log_determinant.h: LDL'
// log-determinant, selected-inverse tr(G), interval from a verified Lanczos estimate; spatial_panel_information.h:
// probe traces through sparse solves; interpolated_trace.h: the effects' tr(G)) against
// the eigenvalue path on a moderate panel (N = 400 on a 20 x 20 queen lattice, T = 6,
// simulated from an SDM): estimates to 1e-8, exact-trace standard errors to 1e-8,
// Hutchinson standard errors within four times their reported Monte Carlo error.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "Eigen/Dense"
#include "common/stats/spatial/interpolated_trace.h"
#include "common/stats/spatial/selected_inverse.h"
#include "common/stats/spatial/sparse_log_determinant.h"
#include "common/stats/spatial/spatial_panel_model.h"
#include "common/stats/spatial/spatial_spectrum.h"
#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

constexpr int kSide = 20;
constexpr int kPeriods = 6;

SpatialWeights QueenLattice(bool row_standardise) {
  std::vector<WeightEntry> entries;
  for (int r = 0; r < kSide; ++r) {
    for (int c = 0; c < kSide; ++c) {
      for (int dr = -1; dr <= 1; ++dr) {
        for (int dc = -1; dc <= 1; ++dc) {
          const int rr = r + dr, cc = c + dc;
          if ((dr || dc) && rr >= 0 && rr < kSide && cc >= 0 && cc < kSide) {
            entries.push_back({r * kSide + c, rr * kSide + cc, 1.0});
          }
        }
      }
    }
  }
  auto w = WeightsFromEntries(kSide * kSide, entries);
  EXPECT_TRUE(w.ok()) << w.status();
  if (row_standardise) RowStandardise(&*w);
  return *std::move(w);
}

// y_t = (I - rho W)^-1 (X_t beta + W X_t theta + e_t) plus entity and period effects.
SpatialPanelInput SimulatedSdm(const SpatialWeights& w) {
  const int n = w.n();
  std::mt19937_64 rng(20261204);
  std::normal_distribution<double> normal;
  SpatialPanelInput input;
  input.x = {Eigen::MatrixXd(n, kPeriods), Eigen::MatrixXd(n, kPeriods)};
  input.x_names = {"x1", "x2"};
  input.y.resize(n, kPeriods);
  const Eigen::MatrixXd dense_w(w.w);
  const Eigen::PartialPivLU<Eigen::MatrixXd> a(Eigen::MatrixXd::Identity(n, n) - 0.45 * dense_w);
  Eigen::VectorXd alpha(n);
  for (int i = 0; i < n; ++i) alpha(i) = normal(rng);
  for (int t = 0; t < kPeriods; ++t) {
    for (int i = 0; i < n; ++i) input.x[0](i, t) = normal(rng), input.x[1](i, t) = normal(rng) + 0.3 * alpha(i);
    Eigen::VectorXd rhs = 1.0 * input.x[0].col(t) - 0.5 * input.x[1].col(t) + 0.4 * (dense_w * input.x[0].col(t)) +
                          0.2 * (dense_w * input.x[1].col(t)) + alpha + Eigen::VectorXd::Constant(n, 0.1 * t);
    for (int i = 0; i < n; ++i) rhs(i) += normal(rng);
    input.y.col(t) = a.solve(rhs);
  }
  input.weights = &w;
  return input;
}

SpatialPanelFit Fit(const SpatialPanelInput& input, SpatialPanelModel model, SpatialLogDetMethod method,
                    SpatialTraceMethod traces, SpatialBiasCorrection correction = SpatialBiasCorrection::kLeeYu,
                    SpatialCovariance covariance = SpatialCovariance::kExpectedInformation) {
  SpatialPanelOptions o;
  o.model = model;
  o.covariance = covariance;
  o.correction = correction;
  o.log_det_method = method;
  o.trace_method = traces;
  o.impact_draws = 200;
  auto fit = FitSpatialPanel(input, o, nullptr);
  EXPECT_TRUE(fit.ok()) << fit.status();
  return fit.ok() ? *std::move(fit) : SpatialPanelFit{};
}

TEST(SparseLogDeterminantTest, LogDetTraceAndIntervalMatchTheEigenvalues) {
  for (bool row_standardised : {true, false}) {
    const SpatialWeights w = QueenLattice(row_standardised);
    auto spectrum = ComputeSpectrum(w.w);
    auto sparse = SparseLogDeterminant::Create(w.w);
    ASSERT_TRUE(spectrum.ok() && sparse.ok());
    for (double f : {-0.9, -0.3, 0.0, 0.2, 0.6, 0.95}) {
      const double a = f > 0 ? f * spectrum->upper : -f * spectrum->lower;
      EXPECT_NEAR((*sparse)->LogDet(a), spectrum->LogDet(a), 1e-9 * (1 + std::fabs(spectrum->LogDet(a)))) << a;
      EXPECT_NEAR((*sparse)->TraceG(a), spectrum->TraceG(a), 1e-9 * (1 + std::fabs(spectrum->TraceG(a)))) << a;
    }
    // An inner approximation of the admissible interval, close to it.
    EXPECT_GE((*sparse)->lower, spectrum->lower * (1 + 1e-12));
    EXPECT_LE((*sparse)->upper, spectrum->upper * (1 + 1e-12));
    EXPECT_NEAR((*sparse)->lower, spectrum->lower, 1e-7 * std::fabs(spectrum->lower));
    EXPECT_NEAR((*sparse)->upper, spectrum->upper, 1e-7 * std::fabs(spectrum->upper));
  }
}

TEST(SparseLogDeterminantTest, SelectedInverseIsTheInverseOnTheFactorsPattern) {
  const SpatialWeights w = QueenLattice(false);
  Eigen::SparseMatrix<double> m(w.w);
  m *= -0.1;
  for (int i = 0; i < w.n(); ++i) m.coeffRef(i, i) += 1.0;
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> ldlt(m);
  ASSERT_EQ(ldlt.info(), Eigen::Success);
  const Eigen::SparseMatrix<double>& l = ldlt.matrixL().nestedExpression();
  const SelectedInverse z(l, ldlt.vectorD());
  const Eigen::MatrixXd inverse = Eigen::MatrixXd(m).inverse();
  const auto& p = ldlt.permutationP().indices();
  for (int i = 0; i < w.n(); ++i) {
    EXPECT_NEAR(z(p(i), p(i)), inverse(i, i), 1e-12);
    for (SparseWeights::InnerIterator it(w.w, i); it; ++it) {
      const int j = static_cast<int>(it.col());
      EXPECT_NEAR(z(p(i), p(j)), inverse(i, j), 1e-12) << i << "," << j;
    }
  }
}

TEST(SparseLogDeterminantTest, InterpolatedTraceMatchesTheExactOne) {
  const SpatialWeights w = QueenLattice(true);
  auto sparse = SparseLogDeterminant::Create(w.w);
  ASSERT_TRUE(sparse.ok());
  const InterpolatedTraceG interpolated(**sparse, 0.3, 0.6);
  EXPECT_LE(interpolated.check_error(), kInterpolationTolerance);
  for (double a : {0.3, 0.333, 0.45, 0.5999, 0.6}) {
    EXPECT_NEAR(interpolated.TraceG(a), (*sparse)->TraceG(a), 1e-10 * std::fabs((*sparse)->TraceG(a))) << a;
    EXPECT_NEAR(interpolated.TraceInverse(a), (*sparse)->TraceInverse(a), 1e-9) << a;
  }
}

// The covariance borrows the likelihood's factorisation at the estimate; a solve after
// the likelihood moved its factor elsewhere must still be one of I - a W (refactorised),
// and a second value of a gets a factor of its own.
TEST(SparseLogDeterminantTest, TheLentFactorisationSolvesAtItsOwnValueAfterTheLikelihoodMoves) {
  const SpatialWeights w = QueenLattice(true);
  auto sparse = SparseLogDeterminant::Create(w.w);
  ASSERT_TRUE(sparse.ok());
  const int n = w.n();
  const Eigen::MatrixXd dense_w(w.w);
  Eigen::MatrixXd rhs(n, 3);
  for (int i = 0; i < n; ++i) rhs.row(i) << std::sin(i), std::cos(0.3 * i), (i % 7) - 3.0;
  (*sparse)->LogDet(0.4);
  auto at_rho = (*sparse)->InverseAt(0.4);
  auto at_lambda = (*sparse)->InverseAt(-0.2);
  ASSERT_TRUE(at_rho.ok() && *at_rho && at_lambda.ok() && *at_lambda);
  (*sparse)->LogDet(0.7);  // the likelihood moves on
  for (double a : {0.4, -0.2}) {
    const SpatialInverse& inverse = a > 0 ? **at_rho : **at_lambda;
    const Eigen::MatrixXd m = Eigen::MatrixXd::Identity(n, n) - a * dense_w;
    EXPECT_LT((m * inverse.Solve(rhs) - rhs).norm(), 1e-10 * rhs.norm()) << a;
    EXPECT_LT((m.transpose() * inverse.SolveTransposed(rhs) - rhs).norm(), 1e-10 * rhs.norm()) << a;
  }
}

void ExpectSameFit(const SpatialPanelFit& sparse, const SpatialPanelFit& dense, double se_tolerance) {
  ASSERT_EQ(sparse.coefficients.size(), dense.coefficients.size());
  for (size_t j = 0; j < dense.coefficients.size(); ++j) {
    const auto& s = sparse.coefficients[j];
    const auto& d = dense.coefficients[j];
    EXPECT_NEAR(s.estimate, d.estimate, 1e-8 * std::max(1.0, std::fabs(d.estimate))) << d.name;
    EXPECT_NEAR(s.std_error, d.std_error, se_tolerance * d.std_error) << d.name;
  }
  EXPECT_NEAR(sparse.estimate.log_likelihood, dense.estimate.log_likelihood, 1e-8 * std::fabs(dense.estimate.log_likelihood));
}

TEST(SpatialPanelSparsePathTest, EveryModelMatchesTheEigenvaluePathWithExactTraces) {
  const SpatialWeights w = QueenLattice(true);
  const SpatialPanelInput input = SimulatedSdm(w);
  for (auto model : {SpatialPanelModel::kSdm, SpatialPanelModel::kSar, SpatialPanelModel::kSem, SpatialPanelModel::kSac}) {
    for (auto correction : {SpatialBiasCorrection::kLeeYu, SpatialBiasCorrection::kNone}) {
      SCOPED_TRACE(static_cast<int>(model) * 10 + static_cast<int>(correction));
      const SpatialPanelFit dense = Fit(input, model, SpatialLogDetMethod::kEigenvalues, SpatialTraceMethod::kExact, correction);
      const SpatialPanelFit sparse = Fit(input, model, SpatialLogDetMethod::kSparse, SpatialTraceMethod::kExact, correction);
      ExpectSameFit(sparse, dense, 1e-8);
      EXPECT_EQ(sparse.trace_relative_error, 0.0);
      EXPECT_NE(sparse.log_det_method.find("sparse LDL'"), std::string::npos);
      EXPECT_NE(dense.log_det_method.find("eigenvalues"), std::string::npos);
      EXPECT_NE(sparse.trace_method.find("exact traces"), std::string::npos);
      // The observed information's curvature tr(M M) from the same probes on both paths.
      const auto observed = SpatialCovariance::kObservedHessian;
      ExpectSameFit(Fit(input, model, SpatialLogDetMethod::kSparse, SpatialTraceMethod::kExact, correction, observed),
                    Fit(input, model, SpatialLogDetMethod::kEigenvalues, SpatialTraceMethod::kExact, correction, observed),
                    1e-8);
      if (!dense.has_impacts) continue;
      EXPECT_LE(sparse.effects_trace_error, kInterpolationTolerance);
      for (int k = 0; k < 2; ++k) {
        EXPECT_NEAR(sparse.impacts.estimate.direct(k), dense.impacts.estimate.direct(k), 1e-9);
        EXPECT_NEAR(sparse.impacts.estimate.indirect(k), dense.impacts.estimate.indirect(k), 1e-9);
        EXPECT_NEAR(sparse.impacts.std_error.indirect(k), dense.impacts.std_error.indirect(k), 1e-8);
      }
    }
  }
}

// kAuto: up to kSparseLogDetEntities the eigenvalues, up to kExactTraceEntities exact traces.
TEST(SpatialPanelSparsePathTest, AutoUsesTheEigenvaluesAndExactTracesAtModerateN) {
  const SpatialWeights w = QueenLattice(true);
  const SpatialPanelFit fit = Fit(SimulatedSdm(w), SpatialPanelModel::kSar, SpatialLogDetMethod::kAuto,
                                  SpatialTraceMethod::kAuto);
  EXPECT_NE(fit.log_det_method.find("eigenvalues"), std::string::npos);
  EXPECT_NE(fit.trace_method.find("exact traces"), std::string::npos);
}

TEST(SpatialPanelSparsePathTest, HutchinsonStandardErrorsAreWithinTheirStatedError) {
  const SpatialWeights w = QueenLattice(true);
  const SpatialPanelInput input = SimulatedSdm(w);
  for (auto model : {SpatialPanelModel::kSdm, SpatialPanelModel::kSac}) {
    const SpatialPanelFit exact = Fit(input, model, SpatialLogDetMethod::kSparse, SpatialTraceMethod::kExact);
    const SpatialPanelFit hutchinson = Fit(input, model, SpatialLogDetMethod::kSparse, SpatialTraceMethod::kHutchinson);
    ASSERT_GT(hutchinson.trace_relative_error, 0.0);
    EXPECT_NE(hutchinson.trace_method.find("Hutchinson traces (100 Rademacher probes, seed 1"), std::string::npos);
    EXPECT_LT(hutchinson.trace_relative_error, 0.03);  // 100 probes at N = 400
    // A relative error e in the information entries moves a standard error by at most
    // about e times the condition of the spatial block; 4 e is a generous bound.
    ExpectSameFit(hutchinson, exact, 4 * hutchinson.trace_relative_error);
    const auto observed = SpatialCovariance::kObservedHessian;
    const SpatialPanelFit exact_observed =
        Fit(input, model, SpatialLogDetMethod::kSparse, SpatialTraceMethod::kExact, SpatialBiasCorrection::kLeeYu, observed);
    const SpatialPanelFit hutchinson_observed = Fit(input, model, SpatialLogDetMethod::kSparse,
                                                    SpatialTraceMethod::kHutchinson, SpatialBiasCorrection::kLeeYu, observed);
    ASSERT_GT(hutchinson_observed.trace_relative_error, 0.0);
    ExpectSameFit(hutchinson_observed, exact_observed, 4 * hutchinson_observed.trace_relative_error);
  }
}

}  // namespace
}  // namespace govmetrics::stats
