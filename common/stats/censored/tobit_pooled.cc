#include "common/stats/censored/tobit_pooled.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/stats/censored/tobit_covariance.h"
#include "common/stats/linear_solve.h"

namespace govmetrics::stats {
namespace {

// Beyond this many e-folds from the least-squares starting value, sigma is diverging.
constexpr double kMaxLogSigmaDrift = 20.0;

struct TermArrays {
  Eigen::VectorXd d_eta, d_eta2, d_tau, d_eta_tau, d_tau2;
  double log_lik = 0;
};

TermArrays EvaluateTerms(const TobitData& data, const std::vector<Censoring>& censoring,
                         const Eigen::VectorXd& theta) {
  const Eigen::Index k = data.x.cols();
  const Eigen::VectorXd eta = data.x * theta.head(k);
  const double tau = theta(k);
  const Eigen::Index n = data.y.size();
  TermArrays t;
  t.d_eta.resize(n), t.d_eta2.resize(n), t.d_tau.resize(n), t.d_eta_tau.resize(n), t.d_tau2.resize(n);
  // Neumaier-compensated sum: a plain running sum of 1e6 terms rounds the log-likelihood by
  // ~1e-7, more than the last Newton steps gain, and the line search then creeps along
  // without converging (seen at 1e6 rows in bench/tobit).
  double compensation = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const TobitTerm term = TobitObservationTerm(data.y(i), eta(i), tau, censoring[static_cast<size_t>(i)], data.limits);
    const double sum = t.log_lik + term.log_lik;
    compensation += std::fabs(t.log_lik) >= std::fabs(term.log_lik) ? (t.log_lik - sum) + term.log_lik
                                                                     : (term.log_lik - sum) + t.log_lik;
    t.log_lik = sum;
    t.d_eta(i) = term.d_eta;
    t.d_eta2(i) = term.d_eta2;
    t.d_tau(i) = term.d_tau;
    t.d_eta_tau(i) = term.d_eta_tau;
    t.d_tau2(i) = term.d_tau2;
  }
  t.log_lik += compensation;
  return t;
}

Eigen::MatrixXd Scores(const TobitData& data, const TermArrays& t) {
  const Eigen::Index k = data.x.cols();
  Eigen::MatrixXd s(data.x.rows(), k + 1);
  s.leftCols(k) = data.x.array().colwise() * t.d_eta.array();
  s.col(k) = t.d_tau;
  return s;
}

// Least squares of y on x; sigma from its residuals (divisor n).
absl::StatusOr<Eigen::VectorXd> LeastSquaresStart(const TobitData& data) {
  auto ls = FitLeastSquares(data.x, data.y, Eigen::VectorXd(), kDefaultCollinearityTolerance, 1);
  if (!ls.ok()) return ls.status();
  if (!ls->basis.dropped.empty()) {
    const int j = ls->basis.dropped.front();
    return absl::FailedPreconditionError(absl::StrCat("column '", data.names[static_cast<size_t>(j)],
                                                      "' is collinear with the intercept and earlier columns"));
  }
  const double rms = std::sqrt(ls->residuals.squaredNorm() / static_cast<double>(data.y.size()));
  if (!(rms > 1e-12 * (1.0 + data.y.cwiseAbs().maxCoeff()))) {
    return absl::FailedPreconditionError("sigma diverges to 0: the regressors fit the dependent variable exactly");
  }
  Eigen::VectorXd theta(data.x.cols() + 1);
  theta.head(data.x.cols()) = ls->coefficients;
  theta(data.x.cols()) = std::log(rms);
  return theta;
}

// Least squares on the uncensored rows alone leaves no residual: the likelihood then
// grows without bound as sigma -> 0 (each uncensored density is 1 / sigma at zero error).
bool UncensoredRowsFittedExactly(const TobitData& data, const std::vector<Censoring>& censoring) {
  std::vector<Eigen::Index> rows;
  for (size_t i = 0; i < censoring.size(); ++i) {
    if (censoring[i] == Censoring::kNone) rows.push_back(static_cast<Eigen::Index>(i));
  }
  if (static_cast<Eigen::Index>(rows.size()) <= data.x.cols()) return false;
  const Eigen::MatrixXd x = data.x(rows, Eigen::all);
  const Eigen::VectorXd y = data.y(rows);
  auto ls = FitLeastSquares(x, y, Eigen::VectorXd(), kDefaultCollinearityTolerance, 1);
  if (!ls.ok()) return false;
  const double rms = std::sqrt(ls->residuals.squaredNorm() / static_cast<double>(y.size()));
  return rms <= 1e-10 * (1.0 + y.cwiseAbs().maxCoeff());
}

IterateCheck SigmaCheck(double start_log_sigma, Eigen::Index sigma_index) {
  return [=](const Eigen::VectorXd& theta) -> absl::Status {
    const double drift = theta(sigma_index) - start_log_sigma;
    if (!theta.allFinite() || std::fabs(drift) > kMaxLogSigmaDrift) {
      return absl::FailedPreconditionError(absl::StrCat(
          "sigma is diverging (", drift < 0 ? "to 0" : "without bound", "; log sigma ", theta(sigma_index),
          " against ", start_log_sigma, " at the least-squares start): ",
          drift < 0 ? "the uncensored observations are fitted (almost) exactly"
                    : "the model does not identify the error scale"));
    }
    return absl::OkStatus();
  };
}

}  // namespace

CensoringCounts CountCensoring(const std::vector<Censoring>& censoring) {
  CensoringCounts c;
  for (Censoring s : censoring) {
    if (s == Censoring::kLeft) ++c.left;
    else if (s == Censoring::kRight) ++c.right;
    else ++c.uncensored;
  }
  return c;
}

std::vector<int> CollinearColumns(const Eigen::MatrixXd& x) {
  auto basis = InvertGramRankRevealing(GramMatrix(x, 1), Eigen::VectorXd(), kDefaultCollinearityTolerance);
  return basis.ok() ? basis->dropped : std::vector<int>{};
}

Objective PooledTobitObjective(const TobitData& data, const std::vector<Censoring>& censoring,
                               const Eigen::VectorXd& theta, bool with_derivatives) {
  const TermArrays t = EvaluateTerms(data, censoring, theta);
  Objective out;
  out.value = t.log_lik;
  if (!with_derivatives) return out;
  const Eigen::Index k = data.x.cols();
  out.gradient.resize(k + 1);
  out.gradient.head(k) = data.x.transpose() * t.d_eta;
  out.gradient(k) = t.d_tau.sum();
  out.hessian.resize(k + 1, k + 1);
  out.hessian.topLeftCorner(k, k) = data.x.transpose() * t.d_eta2.asDiagonal() * data.x;
  out.hessian.col(k).head(k) = data.x.transpose() * t.d_eta_tau;
  out.hessian.row(k).head(k) = out.hessian.col(k).head(k).transpose();
  out.hessian(k, k) = t.d_tau2.sum();
  return out;
}

absl::StatusOr<NewtonResult> MaximisePooledTobit(const TobitData& data, const std::vector<Censoring>& censoring,
                                                 const StopPredicate* should_stop) {
  if (UncensoredRowsFittedExactly(data, censoring)) {
    return absl::FailedPreconditionError(
        "sigma diverges to 0: the regressors fit the uncensored observations exactly, so the likelihood "
        "has no maximum");
  }
  auto start = LeastSquaresStart(data);
  if (!start.ok()) return start.status();
  const Eigen::Index k = data.x.cols();
  auto f = [&](const Eigen::VectorXd& theta, bool d) { return PooledTobitObjective(data, censoring, theta, d); };
  return MaximiseNewton(f, *start, SigmaCheck((*start)(k), k), NewtonOptions{}, should_stop);
}

absl::StatusOr<PooledTobitFit> FitPooledTobit(const TobitData& data, TobitVariance variance,
                                              const StopPredicate* should_stop) {
  const std::vector<Censoring> censoring = ClassifyCensoring(data.y, data.limits);
  PooledTobitFit fit;
  fit.counts = CountCensoring(censoring);
  if (fit.counts.uncensored == 0) {
    return absl::FailedPreconditionError("every observation is censored: sigma and the slopes are not identified");
  }
  auto full = MaximisePooledTobit(data, censoring, should_stop);
  if (!full.ok()) return full.status();
  TobitData null_model{data.y, Eigen::MatrixXd::Ones(data.y.size(), 1), {data.names.front()}, data.entity,
                       data.entities, data.limits};
  auto null_fit = MaximisePooledTobit(null_model, censoring, should_stop);
  if (!null_fit.ok()) return null_fit.status();
  const TermArrays terms = EvaluateTerms(data, censoring, full->theta);
  auto covariance = MaximumLikelihoodCovariance(full->at_optimum.hessian, Scores(data, terms), variance, data.entity);
  if (!covariance.ok()) return covariance.status();
  fit.theta = full->theta;
  fit.covariance = *std::move(covariance);
  fit.log_likelihood = full->at_optimum.value;
  fit.null_log_likelihood = null_fit->at_optimum.value;
  fit.iterations = full->iterations;
  return fit;
}

}  // namespace govmetrics::stats
