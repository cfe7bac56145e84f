#include "common/stats/distributions.h"

#include <cmath>
#include <limits>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/policies/policy.hpp>

namespace govmetrics::stats {
namespace {

// Errors become NaN instead of exceptions: the library never throws. Double precision
// throughout: Boost's default promotes to long double (x87), which made the p-values of
// one 217-row fit about a fifth of its CPU time for digits beyond double's anyway.
using NoThrowPolicy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>,
    boost::math::policies::pole_error<boost::math::policies::ignore_error>,
    boost::math::policies::promote_double<false>>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double NormalTwoSidedPValue(double z) {
  if (std::isnan(z)) return kNaN;
  boost::math::normal_distribution<double, NoThrowPolicy> normal;
  return 2.0 * boost::math::cdf(boost::math::complement(normal, std::fabs(z)));
}

double StudentTTwoSidedPValue(double t, double df) {
  if (std::isnan(t) || std::isnan(df) || df <= 0) return kNaN;
  if (std::isinf(df)) return NormalTwoSidedPValue(t);
  boost::math::students_t_distribution<double, NoThrowPolicy> dist(df);
  return 2.0 * boost::math::cdf(boost::math::complement(dist, std::fabs(t)));
}

double NormalQuantile(double p) {
  if (!(p > 0.0 && p < 1.0)) return kNaN;
  boost::math::normal_distribution<double, NoThrowPolicy> normal;
  return boost::math::quantile(normal, p);
}

double StudentTQuantile(double p, double df) {
  if (!(p > 0.0 && p < 1.0) || std::isnan(df) || df <= 0) return kNaN;
  if (std::isinf(df)) return NormalQuantile(p);
  boost::math::students_t_distribution<double, NoThrowPolicy> dist(df);
  return boost::math::quantile(dist, p);
}

double ChiSquaredUpperTailPValue(double x, double df) {
  if (std::isnan(x) || std::isnan(df) || df <= 0) return kNaN;
  if (x <= 0) return 1.0;
  boost::math::chi_squared_distribution<double, NoThrowPolicy> dist(df);
  return boost::math::cdf(boost::math::complement(dist, x));
}

double FUpperTailPValue(double f, double df1, double df2) {
  if (std::isnan(f) || std::isnan(df1) || std::isnan(df2) || df1 <= 0 ||
      df2 <= 0) {
    return kNaN;
  }
  if (std::isinf(df2)) return ChiSquaredUpperTailPValue(f * df1, df1);
  if (f <= 0) return 1.0;
  boost::math::fisher_f_distribution<double, NoThrowPolicy> dist(df1, df2);
  return boost::math::cdf(boost::math::complement(dist, f));
}

double FQuantile(double p, double df1, double df2) {
  if (std::isnan(p) || !(df1 > 0) || !(df2 > 0)) return kNaN;
  if (std::isinf(df2)) {
    boost::math::chi_squared_distribution<double, NoThrowPolicy> chi2(df1);
    return boost::math::quantile(chi2, p) / df1;
  }
  boost::math::fisher_f_distribution<double, NoThrowPolicy> dist(df1, df2);
  return boost::math::quantile(dist, p);
}

}  // namespace govmetrics::stats
