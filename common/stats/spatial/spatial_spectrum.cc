#include "common/stats/spatial/spatial_spectrum.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

#include "Eigen/Dense"
#include "Eigen/Eigenvalues"
#include "absl/status/status.h"

namespace govmetrics::stats {
namespace {

constexpr double kSymmetryTolerance = 1e-12;

double EntryOrZero(const SparseWeights& w, int i, int j) { return w.coeff(i, j); }

// Propagates d along links from each unvisited unit (breadth first), then verifies every
// link: relative mismatch above kSymmetryTolerance means W is not D^-1 C, C symmetric.
bool PropagateScale(const SparseWeights& w, std::vector<double>* d) {
  const int n = static_cast<int>(w.rows());
  std::vector<bool> seen(n, false);
  for (int root = 0; root < n; ++root) {
    if (seen[root]) continue;
    seen[root] = true;
    (*d)[root] = 1.0;
    std::deque<int> queue{root};
    while (!queue.empty()) {
      const int i = queue.front();
      queue.pop_front();
      for (SparseWeights::InnerIterator it(w, i); it; ++it) {
        const int j = static_cast<int>(it.col());
        const double back = EntryOrZero(w, j, i);
        if (back <= 0) return false;
        if (!seen[j]) {
          seen[j] = true;
          (*d)[j] = (*d)[i] * it.value() / back;
          queue.push_back(j);
        }
      }
    }
  }
  for (int i = 0; i < n; ++i) {
    for (SparseWeights::InnerIterator it(w, i); it; ++it) {
      const int j = static_cast<int>(it.col());
      const double lhs = (*d)[i] * it.value();
      const double rhs = (*d)[j] * EntryOrZero(w, j, i);
      if (std::fabs(lhs - rhs) > kSymmetryTolerance * std::max(std::fabs(lhs), std::fabs(rhs))) return false;
    }
  }
  return true;
}

std::vector<std::complex<double>> SymmetricEigenvalues(const SparseWeights& w, const std::vector<double>& d) {
  const int n = static_cast<int>(w.rows());
  Eigen::MatrixXd s = Eigen::MatrixXd::Zero(n, n);
  for (int i = 0; i < n; ++i) {
    for (SparseWeights::InnerIterator it(w, i); it; ++it) {
      const int j = static_cast<int>(it.col());
      s(i, j) = std::sqrt(d[i] / d[j]) * it.value();
    }
  }
  s = (0.5 * (s + s.transpose())).eval();  // exact symmetry for the solver
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(s, Eigen::EigenvaluesOnly);
  std::vector<std::complex<double>> out(n);
  for (int i = 0; i < n; ++i) out[i] = solver.eigenvalues()(i);
  return out;
}

std::vector<std::complex<double>> GeneralEigenvalues(const SparseWeights& w) {
  Eigen::EigenSolver<Eigen::MatrixXd> solver(Eigen::MatrixXd(w), false);
  const Eigen::VectorXcd values = solver.eigenvalues();
  return std::vector<std::complex<double>>(values.data(), values.data() + values.size());
}

}  // namespace

std::vector<double> SymmetrisingScale(const SparseWeights& w) {
  std::vector<double> d(w.rows(), 1.0);
  if (!PropagateScale(w, &d)) return {};
  return d;
}

Eigen::SparseMatrix<double> SymmetricSimilarMatrix(const SparseWeights& w, const std::vector<double>& d) {
  std::vector<Eigen::Triplet<double>> entries;
  entries.reserve(2 * w.nonZeros() + w.rows());
  for (int i = 0; i < w.outerSize(); ++i) {
    entries.emplace_back(i, i, 0.0);
    for (SparseWeights::InnerIterator it(w, i); it; ++it) {
      const int j = static_cast<int>(it.col());
      const double half = 0.5 * std::sqrt(d[i] / d[j]) * it.value();
      entries.emplace_back(i, j, half);
      entries.emplace_back(j, i, half);
    }
  }
  Eigen::SparseMatrix<double> s(w.rows(), w.cols());
  s.setFromTriplets(entries.begin(), entries.end());
  return s;
}

absl::StatusOr<SpatialSpectrum> ComputeSpectrum(const SparseWeights& w) {
  SpatialSpectrum spectrum;
  const std::vector<double> d = SymmetrisingScale(w);
  spectrum.symmetric_similar = !d.empty();
  spectrum.eigenvalues = spectrum.symmetric_similar ? SymmetricEigenvalues(w, d) : GeneralEigenvalues(w);
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const auto& e : spectrum.eigenvalues) {
    lo = std::min(lo, e.real());
    hi = std::max(hi, e.real());
  }
  if (!(lo < 0) || !(hi > 0)) {
    return absl::FailedPreconditionError(
        "the spatial weights matrix has no negative or no positive eigenvalue, so there is no admissible "
        "interval for the spatial parameter (is W all zeros?)");
  }
  spectrum.lower = 1.0 / lo;
  spectrum.upper = 1.0 / hi;
  spectrum.n = static_cast<int>(w.rows());
  spectrum.method = spectrum.symmetric_similar ? "eigenvalues of the symmetric matrix similar to W"
                                               : "eigenvalues of W (general, complex)";
  return spectrum;
}

double SpatialSpectrum::LogDet(double rho) const {
  double sum = 0;
  for (const auto& e : eigenvalues) sum += std::log(std::abs(1.0 - rho * e));
  return sum;
}

double SpatialSpectrum::TraceG(double rho) const {
  std::complex<double> sum = 0;
  for (const auto& e : eigenvalues) sum += e / (1.0 - rho * e);
  return sum.real();
}

double SpatialSpectrum::TraceGG(double rho) const {
  std::complex<double> sum = 0;
  for (const auto& e : eigenvalues) {
    const std::complex<double> g = e / (1.0 - rho * e);
    sum += g * g;
  }
  return sum.real();
}

double SpatialSpectrum::TraceInverse(double rho) const {
  std::complex<double> sum = 0;
  for (const auto& e : eigenvalues) sum += 1.0 / (1.0 - rho * e);
  return sum.real();
}

}  // namespace govmetrics::stats
