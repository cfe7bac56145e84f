#include "common/stats/variance_small_sample.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "common/stats/panel/variance_registry.h"

namespace govmetrics::stats {
namespace {

double ClusterAdj(int64_t g) {
  return g > 1 ? static_cast<double>(g) / static_cast<double>(g - 1) : 1.0;
}

double Ratio(int64_t num, int64_t den) {
  return den > 0 ? static_cast<double>(num) / static_cast<double>(den) : 1.0;
}

// The K of the cluster factor. xtreg / reghdfe / fixest (fixef.K = "nested"):
// absorbed effects nested in the cluster are not counted, except for one level
// (the constant Stata reports; fixest's "+1 if every FE is nested"). plm and
// NONE count the reported coefficients only.
int64_t ClusterK(const SmallSampleInputs& in) {
  if (in.convention == SmallSampleConvention::kStata ||
      in.convention == SmallSampleConvention::kFixest) {
    return in.k + in.df_absorbed - in.df_absorbed_nested + (in.df_absorbed_nested > 0 ? 1 : 0);
  }
  return in.k;
}

}  // namespace

SmallSampleAdjustment IidSmallSample(const SmallSampleInputs& in) {
  // s^2 = SSR / df_resid under every convention; no further factor.
  SmallSampleAdjustment out;
  out.k_used = in.k + in.df_absorbed;
  out.term_factors = {1.0};
  out.formula = absl::StrFormat("s2 = SSR/(N-K); N=%d K=%d", in.n, out.k_used);
  out.t_df = in.df_resid;
  return out;
}

SmallSampleAdjustment HeteroskedasticSmallSample(const SmallSampleInputs& in) {
  SmallSampleAdjustment out;
  const int64_t n = in.n;
  const int64_t k_all = in.k + in.df_absorbed;  // every estimated parameter
  out.t_df = in.df_resid;
  if (in.type != VarianceType::kHc1) {  // HC0, HC2, HC3: no factor
    out.k_used = k_all;
    out.term_factors = {1.0};
    out.formula = "1";
    return out;
  }
  // STATA: N/(N-K) with K counting absorbed effects (areg, reghdfe).
  // FIXEST: (N-1)/(N-K), K counting absorbed effects.
  // PLM / NONE: N/(N-k), k = reported coefficients only (plm vcovHC,
  // sandwich on the demeaned regression).
  if (in.convention == SmallSampleConvention::kFixest) {
    out.k_used = k_all;
    out.term_factors = {Ratio(n - 1, n - k_all)};
    out.formula = absl::StrFormat("(N-1)/(N-K); N=%d K=%d", n, k_all);
  } else {
    out.k_used = in.convention == SmallSampleConvention::kStata ? k_all : in.k;
    out.term_factors = {Ratio(n, n - out.k_used)};
    out.formula = absl::StrFormat("N/(N-K); N=%d K=%d", n, out.k_used);
  }
  return out;
}

SmallSampleAdjustment ClusterSmallSample(const SmallSampleInputs& in) {
  SmallSampleAdjustment out;
  const SmallSampleConvention conv = in.convention;
  const int64_t n = in.n;
  const size_t dims = in.cluster_counts.size() >= 3 ? 2 : 1;
  const size_t terms = dims == 2 ? 3 : 1;
  int64_t g_min = in.cluster_counts.empty() ? 0 : in.cluster_counts[0];
  for (size_t d = 0; d < dims; ++d) g_min = std::min(g_min, in.cluster_counts[d]);
  out.t_df = in.df_resid;
  out.k_used = conv == SmallSampleConvention::kNone ? in.k : ClusterK(in);
  const int64_t k = out.k_used;
  if (conv == SmallSampleConvention::kNone) {
    out.term_factors.assign(terms, 1.0);
    out.formula = "1";
  } else if (conv == SmallSampleConvention::kPlmHc1) {
    // plm vcovHC(type = "HC1") with clustering: N/(N-k), no G/(G-1).
    out.term_factors.assign(terms, Ratio(n, n - k));
    out.formula = absl::StrFormat("N/(N-K); N=%d K=%d", n, k);
  } else if (dims == 1 || conv != SmallSampleConvention::kPlm) {
    // One G for every term (the smallest, fixest cluster.df = "min").
    out.term_factors.assign(terms, ClusterAdj(g_min) * Ratio(n - 1, n - k));
    out.formula = absl::StrFormat("G/(G-1)*(N-1)/(N-K); G=%d N=%d K=%d", g_min, n, k);
  } else {
    // plm vcovDC: each term with its own G (the intersection's too).
    const double nk = Ratio(n - 1, n - k);
    out.term_factors = {ClusterAdj(in.cluster_counts[0]) * nk,
                        ClusterAdj(in.cluster_counts[1]) * nk,
                        ClusterAdj(in.cluster_counts[2]) * nk};
    out.formula = absl::StrFormat("G_j/(G_j-1)*(N-1)/(N-K) per term; G=(%d,%d,%d) N=%d K=%d",
                                  in.cluster_counts[0], in.cluster_counts[1],
                                  in.cluster_counts[2], n, k);
  }
  if (conv == SmallSampleConvention::kStata || conv == SmallSampleConvention::kFixest) {
    out.t_df = static_cast<double>(g_min - 1);
  }
  return out;
}

SmallSampleAdjustment DriscollKraaySmallSample(const SmallSampleInputs& in) {
  SmallSampleAdjustment out;
  const SmallSampleConvention conv = in.convention;
  const int64_t n = in.n;
  const int64_t t = in.n_periods;
  const int64_t k_all = in.k + in.df_absorbed;
  out.t_df = in.df_resid;
  if (conv == SmallSampleConvention::kNone) {
    out.k_used = in.k;
    out.term_factors = {1.0};
    out.formula = "1";
  } else if (conv == SmallSampleConvention::kPlm || conv == SmallSampleConvention::kPlmHc1) {
    // plm vcovSCC(type = "sss"): the cluster factor with G = periods.
    out.k_used = in.k;
    out.term_factors = {ClusterAdj(t) * Ratio(n - 1, n - in.k)};
    out.formula = absl::StrFormat("T/(T-1)*(N-1)/(N-K); T=%d N=%d K=%d", t, n, in.k);
  } else {
    out.k_used = k_all;
    out.term_factors = {Ratio(n - 1, n - k_all)};
    out.formula = absl::StrFormat("(N-1)/(N-K); N=%d K=%d", n, k_all);
    if (conv == SmallSampleConvention::kStata) {
      out.t_df = static_cast<double>(t - 1);  // xtscc: t with T-1
    }
  }
  return out;
}

SmallSampleAdjustment ResolveSmallSample(const SmallSampleInputs& in) {
  SmallSampleAdjustment out = GetVariance(in.type).small_sample(in);
  switch (in.distribution) {
    case ReferenceDistribution::kNormal:
      out.normal = true;
      break;
    case ReferenceDistribution::kStudentT:
      out.t_df = in.df_resid;
      break;
    case ReferenceDistribution::kAuto:
      break;
  }
  if (out.normal) out.t_df = 0.0;
  out.distribution = out.normal ? "normal" : absl::StrFormat("t(%g)", out.t_df);
  return out;
}

}  // namespace govmetrics::stats
