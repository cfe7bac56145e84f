#include "common/stats/fixed_effects_absorb.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "common/stats/panel_parallel.h"

namespace govmetrics::stats {
namespace {

// Group means of x over the levels of f.
void GroupMeans(const FactorCodes& f, const double* x, int64_t n,
                std::vector<double>& out) {
  out.assign(f.levels, 0.0);
  const int* code = f.codes.data();
  for (int64_t i = 0; i < n; ++i) out[code[i]] += x[i];
  for (int g = 0; g < f.levels; ++g) out[g] /= static_cast<double>(f.counts[g]);
}

void DemeanOneWay(const FactorCodes& f, double* x, int64_t n,
                  std::vector<double>& scratch) {
  GroupMeans(f, x, n, scratch);
  const int* code = f.codes.data();
  for (int64_t i = 0; i < n; ++i) x[i] -= scratch[code[i]];
}

void DemeanBalancedTwoWay(const FactorCodes& a, const FactorCodes& b, double* x,
                          int64_t n, std::vector<double>& ma,
                          std::vector<double>& mb) {
  ma.assign(a.levels, 0.0);
  mb.assign(b.levels, 0.0);
  const int* ca = a.codes.data();
  const int* cb = b.codes.data();
  double total = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    ma[ca[i]] += x[i];
    mb[cb[i]] += x[i];
  }
  for (int g = 0; g < a.levels; ++g) {
    total += ma[g];
    ma[g] /= static_cast<double>(a.counts[g]);
  }
  for (int g = 0; g < b.levels; ++g) mb[g] /= static_cast<double>(b.counts[g]);
  const double mean = total / static_cast<double>(n);
  // Fold the grand mean into one side so the row loop does two lookups.
  for (int g = 0; g < b.levels; ++g) mb[g] -= mean;
  for (int64_t i = 0; i < n; ++i) x[i] -= ma[ca[i]] + mb[cb[i]];
}

// Alternating projections for one column; see the header comment.
class ProjectionSolver {
 public:
  ProjectionSolver(const std::vector<const FactorCodes*>& factors, int64_t n)
      : factors_(factors), n_(n) {
    offset_.push_back(0);
    for (const FactorCodes* f : factors) offset_.push_back(offset_.back() + f->levels);
  }

  // Returns iterations used; sets converged / change.
  absl::StatusOr<int> Run(double* x, const AbsorbOptions& options,
                          const std::atomic<bool>& cancelled, bool* converged,
                          double* change) {
    const size_t q_count = factors_.size();
    const int64_t dim = offset_.back();
    // Column scale: standard deviation. A constant column is absorbed exactly.
    double mean = 0.0;
    for (int64_t i = 0; i < n_; ++i) mean += x[i];
    mean /= static_cast<double>(n_);
    double ss = 0.0;
    for (int64_t i = 0; i < n_; ++i) ss += (x[i] - mean) * (x[i] - mean);
    const double scale = std::sqrt(ss / static_cast<double>(n_));
    *converged = true;
    *change = 0.0;
    if (!(scale > 0.0)) {
      std::fill(x, x + n_, 0.0);
      return 0;
    }
    xsum_.assign(dim, 0.0);
    for (size_t q = 0; q < q_count; ++q) {
      const int* code = factors_[q]->codes.data();
      double* s = xsum_.data() + offset_[q];
      for (int64_t i = 0; i < n_; ++i) s[code[i]] += x[i];
    }
    std::vector<double> cur(dim, 0.0), f1(dim), f2(dim);
    int iter = 0;
    double diff = 0.0;
    for (; iter < options.max_iterations; ++iter) {
      if (cancelled.load(std::memory_order_relaxed)) {
        return absl::CancelledError("fixed-effect absorption cancelled");
      }
      Sweep(cur, f1);
      Sweep(f1, f2);
      diff = 0.0;
      for (int64_t j = 0; j < dim; ++j) diff = std::max(diff, std::fabs(f2[j] - f1[j]));
      if (diff <= options.tolerance * scale) {
        cur.swap(f2);
        break;
      }
      // Irons-Tuck extrapolation from (cur, F cur, F F cur).
      double vprod = 0.0, ssq = 0.0;
      for (int64_t j = 0; j < dim; ++j) {
        const double d_g = f2[j] - f1[j];
        const double d2 = d_g - (f1[j] - cur[j]);
        vprod += d_g * d2;
        ssq += d2 * d2;
      }
      if (ssq > 0.0) {
        const double coef = vprod / ssq;
        for (int64_t j = 0; j < dim; ++j) cur[j] = f2[j] - coef * (f2[j] - f1[j]);
      } else {
        cur.swap(f2);
      }
    }
    *converged = iter < options.max_iterations;
    *change = diff / scale;
    // x <- x - sum_q alpha_q[code_q].
    for (size_t q = 0; q < q_count; ++q) {
      const int* code = factors_[q]->codes.data();
      const double* a = cur.data() + offset_[q];
      for (int64_t i = 0; i < n_; ++i) x[i] -= a[code[i]];
    }
    return iter + 1;
  }

 private:
  // One Gauss-Seidel sweep: alpha_q = mean_q(x - sum_{r != q} alpha_r), using
  // the already-updated alpha_r for r < q.
  void Sweep(const std::vector<double>& in, std::vector<double>& out) {
    out = in;
    const size_t q_count = factors_.size();
    for (size_t q = 0; q < q_count; ++q) {
      const FactorCodes& f = *factors_[q];
      acc_.assign(f.levels, 0.0);
      const int* code = f.codes.data();
      for (size_t r = 0; r < q_count; ++r) {
        if (r == q) continue;
        const int* other = factors_[r]->codes.data();
        const double* a = out.data() + offset_[r];
        for (int64_t i = 0; i < n_; ++i) acc_[code[i]] += a[other[i]];
      }
      double* dst = out.data() + offset_[q];
      const double* s = xsum_.data() + offset_[q];
      for (int g = 0; g < f.levels; ++g) {
        dst[g] = (s[g] - acc_[g]) / static_cast<double>(f.counts[g]);
      }
    }
  }

  const std::vector<const FactorCodes*>& factors_;
  int64_t n_;
  std::vector<int64_t> offset_;
  std::vector<double> xsum_, acc_;
};

}  // namespace

bool IsCompleteCrossing(const FactorCodes& a, const FactorCodes& b) {
  const int64_t cells = static_cast<int64_t>(a.levels) * b.levels;
  if (static_cast<int64_t>(a.codes.size()) != cells) return false;
  std::vector<char> seen(cells, 0);
  for (size_t i = 0; i < a.codes.size(); ++i) {
    char& s = seen[static_cast<int64_t>(a.codes[i]) * b.levels + b.codes[i]];
    if (s) return false;
    s = 1;
  }
  return true;
}

absl::StatusOr<AbsorbReport> AbsorbFixedEffects(
    const std::vector<const FactorCodes*>& factors,
    const std::vector<double*>& columns, int64_t n,
    const AbsorbOptions& options) {
  AbsorbReport report;
  if (factors.empty() || n == 0) {
    report.method = "none";
    return report;
  }
  for (const FactorCodes* f : factors) {
    if (static_cast<int64_t>(f->codes.size()) != n) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "fixed effect '%s' has %d codes for %d rows", f->name,
          f->codes.size(), n));
    }
  }
  enum class Method { kOneWay, kTwoWayBalanced, kProjections };
  Method method = Method::kProjections;
  if (factors.size() == 1) {
    method = Method::kOneWay;
    report.method = "one_way_exact";
  } else if (factors.size() == 2 && CrossesCompletely(*factors[0], *factors[1], options.crossing)) {
    method = Method::kTwoWayBalanced;
    report.method = "two_way_balanced_exact";
  } else {
    report.method = "alternating_projections";
  }

  const int ncol = static_cast<int>(columns.size());
  // Starting a thread costs tens of microseconds, more than absorbing a provincial
  // panel (217 rows) takes: small problems stay on the calling thread. The iterative
  // method sweeps the data many times per column, so it counts as more work.
  const int64_t work = n * ncol * (method == Method::kProjections ? 16 : 1);
  const int threads = std::max(1, std::min(EffectiveThreads(work, options.threads), ncol));
  std::atomic<bool> cancelled{false};
  std::atomic<int> next{0};
  std::vector<int> iterations(ncol, 0);
  std::vector<char> converged(ncol, 1);
  std::vector<double> change(ncol, 0.0);
  std::vector<absl::Status> errors(threads);

  auto worker = [&](int t) {
    std::vector<double> s1, s2;
    ProjectionSolver solver(factors, n);
    for (int c = next.fetch_add(1); c < ncol; c = next.fetch_add(1)) {
      if (options.should_stop != nullptr && *options.should_stop &&
          (*options.should_stop)()) {
        cancelled = true;
      }
      if (cancelled) {
        errors[t] = absl::CancelledError("fixed-effect absorption cancelled");
        return;
      }
      double* x = columns[c];
      switch (method) {
        case Method::kOneWay:
          DemeanOneWay(*factors[0], x, n, s1);
          break;
        case Method::kTwoWayBalanced:
          DemeanBalancedTwoWay(*factors[0], *factors[1], x, n, s1, s2);
          break;
        case Method::kProjections: {
          // A watchdog for cancellation inside the iteration: the solver
          // polls `cancelled`; this thread refreshes it between columns and
          // the polling below refreshes it between iterations.
          bool ok = true;
          double ch = 0.0;
          AbsorbOptions local = options;
          absl::StatusOr<int> it = solver.Run(x, local, cancelled, &ok, &ch);
          if (!it.ok()) {
            errors[t] = it.status();
            cancelled = true;
            return;
          }
          iterations[c] = *it;
          converged[c] = ok;
          change[c] = ch;
          break;
        }
      }
      if (options.after_column != nullptr) (*options.after_column)(c);
    }
  };

  // For the iterative method, a poller thread turns should_stop into the
  // shared flag so long single-column solves can be interrupted.
  std::atomic<bool> done{false};
  std::thread poller;
  if (method == Method::kProjections && options.should_stop != nullptr &&
      *options.should_stop) {
    poller = std::thread([&] {
      while (!done.load()) {
        if ((*options.should_stop)()) {
          cancelled = true;
          return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
  }
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker, t);
  worker(0);
  for (auto& th : pool) th.join();
  done = true;
  if (poller.joinable()) poller.join();

  for (const absl::Status& s : errors) {
    if (!s.ok()) return s;
  }
  if (cancelled) return absl::CancelledError("fixed-effect absorption cancelled");
  for (int c = 0; c < ncol; ++c) {
    report.iterations = std::max(report.iterations, iterations[c]);
    report.converged = report.converged && converged[c];
    report.worst_change = std::max(report.worst_change, change[c]);
  }
  return report;
}

std::vector<char> SingletonKeepMask(const std::vector<const FactorCodes*>& factors,
                                    int64_t* dropped) {
  const int64_t n = factors.empty() ? 0 : factors[0]->codes.size();
  std::vector<char> keep(n, 1);
  *dropped = 0;
  if (factors.empty()) return keep;
  std::vector<std::vector<int64_t>> counts;
  for (const FactorCodes* f : factors) counts.push_back(f->counts);
  bool changed = true;
  while (changed) {
    changed = false;
    for (int64_t i = 0; i < n; ++i) {
      if (!keep[i]) continue;
      for (size_t q = 0; q < factors.size(); ++q) {
        if (counts[q][factors[q]->codes[i]] == 1) {
          keep[i] = 0;
          ++*dropped;
          changed = true;
          for (size_t r = 0; r < factors.size(); ++r) --counts[r][factors[r]->codes[i]];
          break;
        }
      }
    }
  }
  return keep;
}

namespace {
int Find(std::vector<int>& parent, int x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

// Connected components of the bipartite graph of a's and b's levels, an edge per row.
int ConnectedComponents(const FactorCodes& a, const FactorCodes& b) {
  std::vector<int> parent(a.levels + b.levels);
  std::iota(parent.begin(), parent.end(), 0);
  for (size_t i = 0; i < a.codes.size(); ++i) {
    const int x = Find(parent, a.codes[i]);
    const int y = Find(parent, a.levels + b.codes[i]);
    if (x != y) parent[x] = y;
  }
  int comps = 0;
  for (int v = 0; v < a.levels + b.levels; ++v) comps += (Find(parent, v) == v);
  return comps;
}
}  // namespace

int64_t AbsorbedDegreesOfFreedom(const std::vector<const FactorCodes*>& factors, int* components,
                                 Crossing crossing) {
  *components = factors.empty() ? 0 : 1;
  if (factors.empty()) return 0;
  if (factors.size() == 1) return factors[0]->levels;
  const FactorCodes& a = *factors[0];
  const FactorCodes& b = *factors[1];
  // Every level of a meets every level of b: one component.
  const int comps = crossing == Crossing::kComplete ? 1 : ConnectedComponents(a, b);
  *components = comps;
  int64_t df = static_cast<int64_t>(a.levels) + b.levels - comps;
  for (size_t q = 2; q < factors.size(); ++q) df += factors[q]->levels - 1;
  return df;
}

}  // namespace govmetrics::stats
