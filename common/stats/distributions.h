// Tail probabilities and quantiles of the reference distributions used for
// inference (Student t, standard normal, F, chi-square). Thin wrappers over
// Boost.Math so that no special function is hand-rolled, with guards for the
// degenerate arguments (NaN, infinite df, non-positive df) that Boost would
// otherwise report by throwing.
#ifndef GOVMETRICS_COMMON_STATS_DISTRIBUTIONS_H_
#define GOVMETRICS_COMMON_STATS_DISTRIBUTIONS_H_

namespace govmetrics::stats {

// P(|T| >= |t|) for T ~ Student t(df). df = +inf gives the normal answer.
// Returns NaN for NaN input or df <= 0.
double StudentTTwoSidedPValue(double t, double df);

// P(|Z| >= |z|) for Z ~ N(0, 1).
double NormalTwoSidedPValue(double z);

// Quantile of t(df) at probability p in (0, 1); df = +inf gives the normal one.
double StudentTQuantile(double p, double df);

// Quantile of N(0, 1) at probability p in (0, 1).
double NormalQuantile(double p);

// P(F >= f) for F ~ F(df1, df2); df2 = +inf gives chi2(df1)/df1.
double FUpperTailPValue(double f, double df1, double df2);

// Quantile of F(df1, df2) at p (df2 infinite: chi-square(df1) / df1).
double FQuantile(double p, double df1, double df2);

// P(X >= x) for X ~ chi-square(df).
double ChiSquaredUpperTailPValue(double x, double df);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_DISTRIBUTIONS_H_
