#include "common/stats/weighting_entropy.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>

#include "absl/strings/str_format.h"

#if defined(__x86_64__) && defined(__GLIBC__) && defined(__GNUC__) && \
    !defined(GOVMETRICS_NO_LIBMVEC)
#define GOVMETRICS_USE_LIBMVEC 1
#include <immintrin.h>
// glibc's vector log (libmvec, linked through libm's AS_NEEDED group), vector ABI names.
extern "C" __m128d _ZGVbN2v_log(__m128d);  // SSE2 ABI, any x86-64 (glibc dispatches)
extern "C" __m256d _ZGVdN4v_log(__m256d);  // AVX2 ABI, only call when the CPU has AVX2
#endif

namespace govmetrics::stats {
namespace {

void ScalarTail(const double* z, Eigen::Index begin, Eigen::Index n, double shift, XLogXSums* s) {
  for (Eigen::Index i = begin; i < n; ++i) {
    const double v = z[i] + shift;
    s->sum += v;
    if (v > 0.0) s->sum_xlogx += v * std::log(v);
  }
}

#ifdef GOVMETRICS_USE_LIBMVEC
// max(v, DBL_MIN) makes 0 * ln(0) evaluate to 0 * ln(DBL_MIN) = 0 without a branch.
__attribute__((target("avx2"))) XLogXSums SumXLogXAvx2(const double* z, Eigen::Index n,
                                                       double shift) {
  const __m256d sh = _mm256_set1_pd(shift), tiny = _mm256_set1_pd(DBL_MIN);
  __m256d s = _mm256_setzero_pd(), t = _mm256_setzero_pd();
  Eigen::Index i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m256d v = _mm256_add_pd(_mm256_loadu_pd(z + i), sh);
    s = _mm256_add_pd(s, v);
    t = _mm256_add_pd(t, _mm256_mul_pd(v, _ZGVdN4v_log(_mm256_max_pd(v, tiny))));
  }
  alignas(32) double bs[4], bt[4];
  _mm256_store_pd(bs, s);
  _mm256_store_pd(bt, t);
  XLogXSums r{(bs[0] + bs[1]) + (bs[2] + bs[3]), (bt[0] + bt[1]) + (bt[2] + bt[3])};
  ScalarTail(z, i, n, shift, &r);
  return r;
}

XLogXSums SumXLogXSse2(const double* z, Eigen::Index n, double shift) {
  const __m128d sh = _mm_set1_pd(shift), tiny = _mm_set1_pd(DBL_MIN);
  __m128d s = _mm_setzero_pd(), t = _mm_setzero_pd();
  Eigen::Index i = 0;
  for (; i + 2 <= n; i += 2) {
    const __m128d v = _mm_add_pd(_mm_loadu_pd(z + i), sh);
    s = _mm_add_pd(s, v);
    t = _mm_add_pd(t, _mm_mul_pd(v, _ZGVbN2v_log(_mm_max_pd(v, tiny))));
  }
  alignas(16) double bs[2], bt[2];
  _mm_store_pd(bs, s);
  _mm_store_pd(bt, t);
  XLogXSums r{bs[0] + bs[1], bt[0] + bt[1]};
  ScalarTail(z, i, n, shift, &r);
  return r;
}
#endif

}  // namespace

XLogXSums SumXLogX(const double* z, Eigen::Index n, double shift) {
#ifdef GOVMETRICS_USE_LIBMVEC
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2 ? SumXLogXAvx2(z, n, shift) : SumXLogXSse2(z, n, shift);
#else
  XLogXSums r;
  ScalarTail(z, 0, n, shift, &r);
  return r;
#endif
}

double EntropyFromSums(double n, double sum, double sum_xlogx) {
  // sum_i p ln p = sum_i (z'/S) (ln z' - ln S) = T/S - ln S.
  const double plogp = sum_xlogx / sum - std::log(sum);
  const double e = -plogp / std::log(n);
  return std::clamp(e, 0.0, 1.0);
}

double ColumnEntropy(const Eigen::Ref<const Eigen::VectorXd>& z, double shift) {
  // Ref<const VectorXd> has unit inner stride: data() is the contiguous column.
  const XLogXSums s = SumXLogX(z.data(), z.size(), shift);
  return EntropyFromSums(static_cast<double>(z.size()), s.sum, s.sum_xlogx);
}

absl::StatusOr<Eigen::VectorXd> NormalizeInformation(const Eigen::VectorXd& information,
                                                     absl::string_view group) {
  const double total = information.sum();
  if (!(total > 0.0) || !std::isfinite(total)) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "%s: the indicators carry no information (sum of the information measure is %g), "
        "weights are undefined",
        group, total));
  }
  return Eigen::VectorXd(information / total);
}

absl::StatusOr<WeightingResult> EntropyWeights(const Eigen::Ref<const Eigen::MatrixXd>& z,
                                               double shift) {
  if (z.rows() < 2) {
    return absl::FailedPreconditionError("entropy weights need at least 2 rows (k = 1/ln n)");
  }
  WeightingResult r;
  r.entropy.resize(z.cols());
  for (Eigen::Index j = 0; j < z.cols(); ++j) r.entropy[j] = ColumnEntropy(z.col(j), shift);
  r.divergence = (1.0 - r.entropy.array()).matrix();
  absl::StatusOr<Eigen::VectorXd> w = NormalizeInformation(r.divergence, "entropy weights");
  if (!w.ok()) return w.status();
  r.weight = *std::move(w);
  return r;
}

}  // namespace govmetrics::stats
