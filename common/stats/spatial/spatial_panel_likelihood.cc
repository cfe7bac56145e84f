#include "common/stats/spatial/spatial_panel_likelihood.h"

#include <cmath>


#include "Eigen/QR"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "common/stats/spatial/bounded_profile_search.h"
#include "common/stats/spatial/profile_maximiser.h"

namespace govmetrics::stats {
namespace {

constexpr double kRankTolerance = 1e-10;
constexpr double kPi = 3.14159265358979323846;

struct Jacobian {
  const SpatialPanelDesign& d;
  const SpatialLogDeterminant& s;
  double Value(double a) const {
    return d.t_eff * (s.LogDet(a) - (d.period_projection ? std::log1p(-a) : 0.0));
  }
  double Derivative(double a) const {
    return d.t_eff * (-s.TraceG(a) + (d.period_projection ? 1.0 / (1.0 - a) : 0.0));
  }
};

// Names the first column that earlier columns (or the fixed effects) explain.
absl::Status CheckFullRank(const Eigen::MatrixXd& x, const SpatialPanelDesign& d) {
  for (int j = 0; j < x.cols(); ++j) {
    const double norm = x.col(j).squaredNorm();
    double unexplained = norm;
    if (j > 0) {
      Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x.leftCols(j));
      unexplained = (x.col(j) - x.leftCols(j) * qr.solve(x.col(j))).squaredNorm();
    }
    if (!(norm > 0) || unexplained <= kRankTolerance * norm) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "regressor '%s' is collinear with the other regressors or absorbed by the fixed effects "
          "(the likelihood is singular)",
          d.names[j]));
    }
  }
  return absl::OkStatus();
}

struct LeastSquares {
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr;
  explicit LeastSquares(const Eigen::MatrixXd& x) : qr(x) {}
  Eigen::VectorXd Coefficients(const Eigen::VectorXd& z) const { return qr.solve(z); }
};

absl::Status CheckPositive(double sse) {
  if (!(sse > 0) || !std::isfinite(sse)) {
    return absl::FailedPreconditionError(
        "the transformed model fits the data exactly (residual sum of squares 0): the likelihood is singular");
  }
  return absl::OkStatus();
}

double GaussianLogLik(double sse, double n_eff) {
  return -0.5 * n_eff * (std::log(2 * kPi) + std::log(sse / n_eff) + 1);
}

Eigen::MatrixXd LagColumns(const SpatialPanelDesign& d, const Eigen::MatrixXd& x) {
  Eigen::MatrixXd out(x.rows(), x.cols());
  for (int j = 0; j < x.cols(); ++j) out.col(j) = d.Lag(x.col(j));
  return out;
}

// SAR-type profile in rho given residual vectors e0 (of y) and ed (of W y).
struct LagProfile {
  Eigen::VectorXd e0, ed;
  double Sse(double rho) const { return (e0 - rho * ed).squaredNorm(); }
  ProfilePoint At(double rho, bool with_score, const SpatialPanelDesign& d, const Jacobian& jac) const {
    const double sse = Sse(rho);
    const double value = -0.5 * d.n_eff * std::log(sse) + jac.Value(rho);
    if (!with_score) return {value, 0.0};
    return {value, d.n_eff * (e0 - rho * ed).dot(ed) / sse + jac.Derivative(rho)};
  }
};

LagProfile MakeLagProfile(const LeastSquares& ls, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                          const Eigen::VectorXd& wy) {
  return {y - x * ls.Coefficients(y), wy - x * ls.Coefficients(wy)};
}

absl::StatusOr<double> MaximiseLag(const LagProfile& p, const SpatialPanelDesign& d, const SpatialLogDeterminant& s) {
  const Jacobian jac{d, s};
  if (absl::Status st = CheckPositive(p.ed.squaredNorm()); !st.ok()) return st;
  const ProfileFunction profile = [&](double rho, bool with_score) -> absl::StatusOr<ProfilePoint> {
    return p.At(rho, with_score, d, jac);
  };
  // Real eigenvalues make the log-Jacobian concave: the bounded search applies.
  if (!s.symmetric_similar) return MaximiseProfile(profile, s.lower, s.upper);
  const QuadraticSse sse{0.5 * d.n_eff, p.e0.squaredNorm(), p.e0.dot(p.ed), p.ed.squaredNorm()};
  return MaximiseConcaveJacobianProfile(profile, sse, s.lower, s.upper);
}

// Everything the error profile needs at one lambda (rho fixed, or maximised for SAC).
struct ErrorState {
  double rho = 0;
  Eigen::VectorXd beta, e, wu;
  double sse = 0;
};

struct ErrorModel {
  const SpatialPanelDesign& d;
  const SpatialLogDeterminant& s;
  bool with_lag;
  Eigen::MatrixXd wx;
  Eigen::VectorXd wwy;

  absl::StatusOr<ErrorState> At(double lambda) const {
    ErrorState st;
    const Eigen::MatrixXd xb = d.x - lambda * wx;
    const LeastSquares ls(xb);
    const Eigen::VectorXd yb = d.y - lambda * d.wy;
    if (with_lag) {
      const LagProfile lag = MakeLagProfile(ls, xb, yb, d.wy - lambda * wwy);
      absl::StatusOr<double> rho = MaximiseLag(lag, d, s);
      if (!rho.ok()) return rho.status();
      st.rho = *rho;
    }
    const Eigen::VectorXd z = yb - st.rho * (d.wy - lambda * wwy);
    st.beta = ls.Coefficients(z);
    st.e = z - xb * st.beta;
    st.wu = d.wy - st.rho * wwy - wx * st.beta;
    st.sse = st.e.squaredNorm();
    if (absl::Status c = CheckPositive(st.sse); !c.ok()) return c;
    return st;
  }
};

absl::StatusOr<SpatialEstimate> EstimateLag(const SpatialPanelDesign& d, const SpatialLogDeterminant& s) {
  const LeastSquares ls(d.x);
  const LagProfile p = MakeLagProfile(ls, d.x, d.y, d.wy);
  absl::StatusOr<double> rho = MaximiseLag(p, d, s);
  if (!rho.ok()) return rho.status();
  SpatialEstimate est;
  est.has_rho = true;
  est.rho = *rho;
  est.beta = ls.Coefficients(d.y - est.rho * d.wy);
  est.residuals = d.y - est.rho * d.wy - d.x * est.beta;
  est.sse = est.residuals.squaredNorm();
  est.log_likelihood = GaussianLogLik(est.sse, d.n_eff) + Jacobian{d, s}.Value(est.rho);
  return est;
}

absl::StatusOr<SpatialEstimate> EstimateError(const SpatialPanelDesign& d, const SpatialLogDeterminant& s, bool with_lag) {
  const ErrorModel model{d, s, with_lag, LagColumns(d, d.x), d.Lag(d.wy)};
  const Jacobian jac{d, s};
  auto profile = [&](double lambda, bool with_score) -> absl::StatusOr<ProfilePoint> {
    absl::StatusOr<ErrorState> st = model.At(lambda);
    if (!st.ok()) return st.status();
    const double value = -0.5 * d.n_eff * std::log(st->sse) + jac.Value(lambda) + jac.Value(st->rho);
    if (!with_score) return ProfilePoint{value, 0.0};
    return ProfilePoint{value, d.n_eff * st->e.dot(st->wu) / st->sse + jac.Derivative(lambda)};
  };
  absl::StatusOr<double> lambda = MaximiseProfile(profile, s.lower, s.upper, with_lag ? 24 : 48);
  if (!lambda.ok()) return lambda.status();
  absl::StatusOr<ErrorState> st = model.At(*lambda);
  if (!st.ok()) return st.status();
  SpatialEstimate est;
  est.has_lambda = true;
  est.lambda = *lambda;
  est.has_rho = with_lag;
  est.rho = st->rho;
  est.beta = st->beta;
  est.residuals = st->e;
  est.sse = st->sse;
  est.log_likelihood = GaussianLogLik(est.sse, d.n_eff) + jac.Value(est.lambda) + jac.Value(est.rho);
  return est;
}

}  // namespace

absl::StatusOr<SpatialEstimate> EstimateSpatialPanel(const SpatialPanelDesign& design, const SpatialLogDeterminant& spectrum,
                                                     SpatialPanelModel model) {
  if (absl::Status st = CheckFullRank(design.x, design); !st.ok()) return st;
  absl::StatusOr<SpatialEstimate> est = (model == SpatialPanelModel::kSar || model == SpatialPanelModel::kSdm)
                                            ? EstimateLag(design, spectrum)
                                            : EstimateError(design, spectrum, model == SpatialPanelModel::kSac);
  if (!est.ok()) return est.status();
  if (absl::Status st = CheckPositive(est->sse); !st.ok()) return st;
  est->sigma2 = est->sse / design.n_eff;
  return est;
}

absl::StatusOr<SpatialEstimate> EstimateNonSpatial(const SpatialPanelDesign& design) {
  if (absl::Status st = CheckFullRank(design.x, design); !st.ok()) return st;
  const LeastSquares ls(design.x);
  SpatialEstimate est;
  est.beta = ls.Coefficients(design.y);
  est.residuals = design.y - design.x * est.beta;
  est.sse = est.residuals.squaredNorm();
  if (absl::Status st = CheckPositive(est.sse); !st.ok()) return st;
  est.sigma2 = est.sse / design.n_eff;
  est.log_likelihood = GaussianLogLik(est.sse, design.n_eff);
  return est;
}

}  // namespace govmetrics::stats
