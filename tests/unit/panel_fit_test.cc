// Panel estimators and variance conventions against R on a small unbalanced
// panel (TinyPanel in panel_test_data.h). Reference values were produced by
// this R script (R 4.2, plm 2.6-2, sandwich, lmtest, AER) and pasted here:
//
//   d <- expand.grid(s = 1:6, i = 1:6); d <- d[(d$i + d$s) %% 7 != 0, c("i","s")]
//   d$t <- d$s + 2000
//   d$x1 <- 3*sin(1.3*d$i + 0.7*d$s) + 0.5*d$i
//   d$x2 <- cos(0.5*d$i + 1.1*d$s) + 0.2*d$s
//   d$z  <- 3*sin(1.3*d$i + 0.7*d$s) + 0.8*cos(3.1*d$i*d$s)
//   d$y  <- 1 + 0.5*d$x1 - 0.8*d$x2 + 0.3*d$i + 0.1*d$s + sin(d$i*d$s*0.37) + 1.2*sin(2.3*d$i)
//   d$region <- (d$i - 1) %/% 2
//   p <- pdata.frame(d, index = c("i","t")); f <- y ~ x1 + x2
//   m <- lm(f, d); fe <- plm(f, p, model = "within"); re <- plm(f, p, model = "random")
//   tw <- plm(f, p, model = "within", effect = "twoways")
//   fd <- plm(f, p, model = "fd"); be <- plm(f, p, model = "between")
//   lsdv <- lm(y ~ x1 + x2 + factor(i), d)
//   iv <- AER::ivreg(y ~ x1 + x2 | z + x2, data = d)
//   ivfe <- plm(y ~ x1 + x2 | z + x2, p, model = "within")
//   coeftest(<model>, vcov = <as named in each test>)  # printed with %.17g
//
// Tolerances: estimates 1e-9 relative, standard errors / statistics / p-values
// 1e-7 relative.
#include <cmath>
#include <string>
#include <vector>

#include "common/stats/panel_fit.h"
#include "gtest/gtest.h"
#include "tests/unit/panel_test_data.h"

namespace govmetrics::stats {
namespace {

using testing::TinyPanel;

struct Row {
  std::string name;
  double estimate, std_error, statistic, p_value;
};

void ExpectRel(double actual, double expected, double tol, const std::string& what) {
  EXPECT_NEAR(actual, expected, tol * std::max(std::fabs(expected), 1e-300)) << what;
}

void ExpectTable(const PanelFit& fit, const std::vector<Row>& rows) {
  ASSERT_EQ(fit.coefficients.size(), rows.size());
  for (size_t j = 0; j < rows.size(); ++j) {
    const CoefficientEstimate& c = fit.coefficients[j];
    EXPECT_EQ(c.name, rows[j].name);
    ExpectRel(c.estimate, rows[j].estimate, 1e-9, c.name + " estimate");
    ExpectRel(c.std_error, rows[j].std_error, 1e-7, c.name + " std_error");
    ExpectRel(c.statistic, rows[j].statistic, 1e-7, c.name + " statistic");
    ExpectRel(c.p_value, rows[j].p_value, 1e-7, c.name + " p_value");
  }
}

PanelFit Fit(const PanelModelOptions& o, bool instrument = false) {
  absl::StatusOr<PanelFit> fit = FitPanelModel(TinyPanel(instrument), o);
  EXPECT_TRUE(fit.ok()) << fit.status();
  return fit.ok() ? *fit : PanelFit{};
}

PanelModelOptions Opts(PanelEstimator e, FixedEffectsKind fe, VarianceType v,
                       SmallSampleConvention c = SmallSampleConvention::kPlm) {
  PanelModelOptions o;
  o.estimator = e;
  o.fixed_effects = fe;
  o.variance.type = v;
  o.variance.small_sample = c;
  return o;
}

const std::vector<Row> kPooledIid = {
    {"(Intercept)", 2.8618938521792092, 0.29753021649583961, 9.6188343015548057, 3.2466276433884121e-10},
    {"x1", 0.48805986236305937, 0.10611396206695065, 4.599393452627158, 8.9374088618248063e-05},
    {"x2", -0.83700632578668721, 0.27973591027830125, -2.9921304166989988, 0.0058575844984366928}};

TEST(PanelFitTest, PooledOlsMatchesLm) {
  const PanelFit fit = Fit(Opts(PanelEstimator::kPooledOls, FixedEffectsKind::kNone, VarianceType::kIid));
  ExpectTable(fit, kPooledIid);
  EXPECT_EQ(fit.n_obs, 30);
  EXPECT_EQ(fit.df_resid, 27);
  ExpectRel(fit.r_squared, 0.4783214, 1e-6, "r2");
  ExpectRel(fit.f_statistic, 12.378, 1e-4, "F");
}

TEST(PanelFitTest, WithinWithoutEffectsIsResolvedToPooledOls) {
  const PanelFit fit = Fit(Opts(PanelEstimator::kWithin, FixedEffectsKind::kNone, VarianceType::kIid));
  EXPECT_EQ(fit.resolved.estimator, PanelEstimator::kPooledOls);
  ExpectTable(fit, kPooledIid);
}

TEST(PanelFitTest, PooledHeteroskedasticityConsistentMatchSandwich) {
  ExpectTable(Fit(Opts(PanelEstimator::kPooledOls, FixedEffectsKind::kNone, VarianceType::kHc1)),
              {{"(Intercept)", 2.8618938521792092, 0.27077341206780209, 10.569331125696294, 4.2718583072953083e-11},
               {"x1", 0.48805986236305937, 0.088704564682389436, 5.5020828309183303, 7.9298603761879849e-06},
               {"x2", -0.83700632578668721, 0.25403735498059604, -3.294815937012963, 0.0027565998775955763}});
  ExpectTable(Fit(Opts(PanelEstimator::kPooledOls, FixedEffectsKind::kNone, VarianceType::kHc2)),
              {{"(Intercept)", 2.8618938521792092, 0.26926912592998237, 10.628377250065361, 3.7802449615210062e-11},
               {"x1", 0.48805986236305937, 0.090620966149642421, 5.3857278629884169, 1.0822329689382812e-05},
               {"x2", -0.83700632578668721, 0.2565610336257792, -3.2624062740858282, 0.0029916011018888411}});
  ExpectTable(Fit(Opts(PanelEstimator::kPooledOls, FixedEffectsKind::kNone, VarianceType::kHc3)),
              {{"(Intercept)", 2.8618938521792092, 0.28255000092782356, 10.128804964719397, 1.0781572436125369e-10},
               {"x1", 0.48805986236305937, 0.097876940609527729, 4.9864642205168161, 3.1583854255942818e-05},
               {"x2", -0.83700632578668721, 0.27398047374476792, -3.0549853219336263, 0.0050189700841687668}});
}

TEST(PanelFitTest, PooledClusterByRegionMatchesVcovClDefault) {
  // sandwich::vcovCL(m, cluster = ~region): HC1 with G/(G-1)(N-1)/(N-K);
  // coeftest uses t(df_resid), i.e. ReferenceDistribution::kStudentT.
  PanelModelOptions o = Opts(PanelEstimator::kPooledOls, FixedEffectsKind::kNone,
                             VarianceType::kCluster, SmallSampleConvention::kStata);
  o.variance.cluster_by = {"region"};
  o.variance.distribution = ReferenceDistribution::kStudentT;
  const PanelFit fit = Fit(o);
  ExpectTable(fit, {{"(Intercept)", 2.8618938521792092, 0.42396507542041972, 6.7503056692611949, 3.0078550002572827e-07},
                    {"x1", 0.48805986236305937, 0.066086534333878635, 7.3851635175376433, 6.0573674247660276e-08},
                    {"x2", -0.83700632578668721, 0.18445849477114712, -4.5376404422314041, 0.00010548421400653111}});
  ASSERT_EQ(fit.cluster_counts.size(), 1u);
  EXPECT_EQ(fit.cluster_counts[0], 3);
  ExpectRel(fit.small_sample_factors[0], 3.0 / 2.0 * 29.0 / 27.0, 1e-15, "factor");
}

const std::vector<Row> kWithinIid = {
    {"x1", 0.39496051425048567, 0.06333564115532328, 6.2359914109322903, 2.820005190828652e-06},
    {"x2", -0.89341746868744887, 0.14358885335064642, -6.2220530900522499, 2.9120814379239041e-06}};

TEST(PanelFitTest, WithinEntityMatchesPlm) {
  const PanelFit fit = Fit(Opts(PanelEstimator::kWithin, FixedEffectsKind::kEntity, VarianceType::kIid));
  ExpectTable(fit, kWithinIid);
  EXPECT_EQ(fit.df_resid, 22);
  EXPECT_EQ(fit.df_absorbed, 6);
  EXPECT_EQ(fit.n_entities, 6);
  EXPECT_EQ(fit.n_periods, 6);
  ExpectRel(fit.r_squared, 0.73825560177051763, 1e-9, "r2");
  ExpectRel(fit.f_statistic, 31.025732257910057, 1e-9, "F");
  EXPECT_EQ(fit.absorb_method, "one_way_exact");
}

TEST(PanelFitTest, WithinHeteroskedasticMatchesPlmWhite1) {
  ExpectTable(Fit(Opts(PanelEstimator::kWithin, FixedEffectsKind::kEntity, VarianceType::kHc1)),
              {{"x1", 0.39496051425048567, 0.057144854349206312, 6.9115674324222214, 6.1145561105497605e-07},
               {"x2", -0.89341746868744887, 0.10735537685655626, -8.3220560986078578, 3.0468691433600537e-08}});
  ExpectTable(Fit(Opts(PanelEstimator::kWithin, FixedEffectsKind::kEntity, VarianceType::kHc3)),
              {{"x1", 0.39496051425048567, 0.061378209212860156, 6.4348653914088505, 1.7875503289698937e-06},
               {"x2", -0.89341746868744887, 0.11684481631077107, -7.646188311094904, 1.2404808538933408e-07}});
}

TEST(PanelFitTest, WithinClusteredMatchesPlmArellano) {
  ExpectTable(Fit(Opts(PanelEstimator::kWithin, FixedEffectsKind::kEntity, VarianceType::kCluster,
                       SmallSampleConvention::kPlm)),
              {{"x1", 0.39496051425048567, 0.061940123602805597, 6.3764889586464406, 2.0424918922755531e-06},
               {"x2", -0.89341746868744887, 0.09189714509991162, -9.7219284420219498, 2.0115239152086971e-09}});
  ExpectTable(Fit(Opts(PanelEstimator::kWithin, FixedEffectsKind::kEntity, VarianceType::kCluster,
                       SmallSampleConvention::kNone)),
              {{"x1", 0.39496051425048567, 0.055559900763211531, 7.1087332559097209, 3.9571636263783146e-07},
               {"x2", -0.89341746868744887, 0.082431160372148052, -10.838346380834375, 2.7359651777712889e-10}});
}

TEST(PanelFitTest, WithinClusteredStataConventionUsesNestedKAndGMinusOneDf) {
  // xtreg, fe vce(cluster): G/(G-1)(N-1)/(N-K), K = k + 1 (entity FE nested),
  // t with G-1 df. The HC0 meat is plm's; only the factor differs.
  const PanelFit none = Fit(Opts(PanelEstimator::kWithin, FixedEffectsKind::kEntity,
                                 VarianceType::kCluster, SmallSampleConvention::kNone));
  const PanelFit stata = Fit(Opts(PanelEstimator::kWithin, FixedEffectsKind::kEntity,
                                  VarianceType::kCluster, SmallSampleConvention::kStata));
  const double factor = 6.0 / 5.0 * 29.0 / (30.0 - 3.0);
  EXPECT_EQ(stata.small_sample_k, 3);
  ExpectRel(stata.small_sample_factors[0], factor, 1e-15, "factor");
  EXPECT_EQ(stata.inference_df, 5);
  EXPECT_EQ(stata.distribution, "t(5)");
  for (int j = 0; j < 2; ++j) {
    ExpectRel(stata.coefficients[j].std_error,
              none.coefficients[j].std_error * std::sqrt(factor), 1e-12, "se");
  }
}

TEST(PanelFitTest, WithinClusterByCoarserRegionMatchesLsdvVcovCl) {
  PanelModelOptions o = Opts(PanelEstimator::kWithin, FixedEffectsKind::kEntity,
                             VarianceType::kCluster, SmallSampleConvention::kNone);
  o.variance.cluster_by = {"region"};
  const PanelFit fit = Fit(o);
  // vcovCL(lsdv, cluster = ~region, type = "HC0", cadjust = FALSE)
  ExpectRel(fit.coefficients[0].std_error, 0.05086164087866793, 1e-7, "x1 se");
  ExpectRel(fit.coefficients[1].std_error, 0.0062468009459663949, 1e-6, "x2 se");
}

TEST(PanelFitTest, WithinDriscollKraayMatchesVcovScc) {
  PanelModelOptions o = Opts(PanelEstimator::kWithin, FixedEffectsKind::kEntity,
                             VarianceType::kDriscollKraay, SmallSampleConvention::kNone);
  const PanelFit hc0 = Fit(o);
  EXPECT_EQ(hc0.driscoll_kraay_lag, 1);  // floor(6^(1/4))
  ExpectTable(hc0, {{"x1", 0.39496051425048567, 0.052978973318419373, 7.4550428124881849, 1.8657246663743471e-07},
                    {"x2", -0.89341746868744887, 0.082221395682237033, -10.865997363268564, 2.6087976770257615e-10}});
  o.variance.small_sample = SmallSampleConvention::kPlm;
  o.variance.max_lag = 2;
  ExpectTable(Fit(o), {{"x1", 0.39496051425048567, 0.056532147558643289, 6.9864763909910854, 5.1797091421535591e-07},
                       {"x2", -0.89341746868744887, 0.084902043349318168, -10.522920691220605, 4.7373903355497203e-10}});
}

TEST(PanelFitTest, WithinTwoWayClusterMatchesVcovDc) {
  PanelModelOptions o = Opts(PanelEstimator::kWithin, FixedEffectsKind::kEntity,
                             VarianceType::kCluster, SmallSampleConvention::kPlm);
  o.variance.cluster_by = {"entity", "period"};
  const PanelFit fit = Fit(o);
  ExpectTable(fit, {{"x1", 0.39496051425048567, 0.063878474289161644, 6.1829985553912836, 3.1867924956097283e-06},
                    {"x2", -0.89341746868744887, 0.083640656586031523, -10.681617112468421, 3.58898977503475e-10}});
  ASSERT_EQ(fit.cluster_counts.size(), 3u);
  EXPECT_EQ(fit.cluster_counts[2], 30);
}

TEST(PanelFitTest, TwoWayUnbalancedMatchesPlm) {
  PanelModelOptions o = Opts(PanelEstimator::kWithin, FixedEffectsKind::kTwoWay, VarianceType::kIid);
  const PanelFit fit = Fit(o);
  EXPECT_EQ(fit.absorb_method, "alternating_projections");
  EXPECT_TRUE(fit.absorb_converged);
  EXPECT_EQ(fit.df_absorbed, 11);
  EXPECT_EQ(fit.df_resid, 17);
  ExpectTable(fit, {{"x1", 0.42878762834230333, 0.083113549832099731, 5.1590580502037344, 7.8665452287031591e-05},
                    {"x2", -1.0914842067256043, 0.30959987149509804, -3.5254672473043516, 0.002596615569118413}});
  ExpectRel(fit.r_squared, 0.613881601128621, 1e-8, "r2");
  o.variance.type = VarianceType::kCluster;
  o.variance.small_sample = SmallSampleConvention::kPlm;
  ExpectTable(Fit(o), {{"x1", 0.42878762834230333, 0.083270699493456987, 5.1493218016740139, 8.0271272820564118e-05},
                       {"x2", -1.0914842067256043, 0.24698523050657245, -4.4192286497736921, 0.00037537673041435863}});
}

TEST(PanelFitTest, RandomEffectsSwamyAroraUnbalancedMatchesPlm) {
  const PanelFit fit = Fit(Opts(PanelEstimator::kRandomEffects, FixedEffectsKind::kEntity, VarianceType::kIid));
  ExpectTable(fit, {{"(Intercept)", 3.0102848284345063, 0.53184055535854069, 5.6601265136787484, 5.2040140678283516e-06},
                    {"x1", 0.40123826845696492, 0.061828413306824329, 6.4895449680362107, 5.8871836623677599e-07},
                    {"x2", -0.89112290399257688, 0.14139777183563834, -6.3022414881362048, 9.5784423724145481e-07}});
  ExpectRel(fit.r_squared, 0.70795121542088357, 1e-9, "r2");
  ExpectRel(fit.random_effects.sigma2_idiosyncratic, 0.40714274454669003, 1e-9, "sigma2 idios");
  ExpectRel(fit.random_effects.sigma2_effect, 1.6022223889962888, 1e-9, "sigma2 id");
  ExpectTable(Fit(Opts(PanelEstimator::kRandomEffects, FixedEffectsKind::kEntity, VarianceType::kCluster,
                       SmallSampleConvention::kNone)),
              {{"(Intercept)", 3.0102848284345063, 0.42680818501638201, 7.0530156967794886, 1.3925718939516894e-07},
               {"x1", 0.40123826845696492, 0.051272026187518319, 7.8256760711875772, 2.0512252688097286e-08},
               {"x2", -0.89112290399257688, 0.086068865570757866, -10.353603455595426, 6.7018882260062824e-11}});
}

TEST(PanelFitTest, FirstDifferenceMatchesPlm) {
  const PanelFit fit = Fit(Opts(PanelEstimator::kFirstDifference, FixedEffectsKind::kNone, VarianceType::kIid));
  EXPECT_EQ(fit.n_obs, 24);
  ExpectTable(fit, {{"(Intercept)", 0.033290619306970255, 0.20062877714745872, 0.16593142708786099, 0.86979804955165019},
                    {"x1", 0.35404826658610955, 0.11510036481287673, 3.0759960419039505, 0.0057310731172448681},
                    {"x2", -0.94229029059681635, 0.22853952565417168, -4.123095503500342, 0.00048409748424866776}});
  ExpectRel(fit.r_squared, 0.4861819808563172, 1e-9, "r2");
  ExpectTable(Fit(Opts(PanelEstimator::kFirstDifference, FixedEffectsKind::kNone, VarianceType::kCluster,
                       SmallSampleConvention::kPlm)),
              {{"(Intercept)", 0.033290619306970255, 0.13768593223860706, 0.24178664272889008, 0.81129090671129422},
               {"x1", 0.35404826658610955, 0.052082252994357411, 6.7978677232812323, 1.0091651851285957e-06},
               {"x2", -0.94229029059681635, 0.14514412595967602, -6.4921007609953412, 1.968078035090161e-06}});
}

TEST(PanelFitTest, BetweenMatchesPlm) {
  const PanelFit fit = Fit(Opts(PanelEstimator::kBetween, FixedEffectsKind::kEntity, VarianceType::kIid));
  EXPECT_EQ(fit.n_obs, 6);
  ExpectTable(fit, {{"(Intercept)", 1.0066032646530401, 2.1133116244868058, 0.47631558592192125, 0.66639014650855033},
                    {"x1", 0.56777570576860426, 0.49383990064003669, 1.1497161428891098, 0.33360222142033358},
                    {"x2", 2.1595275529489841, 3.861717212532533, 0.55921431686934819, 0.61504763971073328}});
  ExpectRel(fit.r_squared, 0.47822057176191468, 1e-9, "r2");
}

TEST(PanelFitTest, PooledIvMatchesIvreg) {
  PanelModelOptions o = Opts(PanelEstimator::kIv, FixedEffectsKind::kNone, VarianceType::kIid);
  o.endogenous = {"x1"};
  const PanelFit fit = Fit(o, true);
  ExpectTable(fit, {{"(Intercept)", 2.950016478308195, 0.30648375132203354, 9.6253601229531611, 3.2004756796047864e-10},
                    {"x1", 0.39619892221237546, 0.12157053628651301, 3.2590044785080843, 0.0030173576327472392},
                    {"x2", -0.77618515175404779, 0.28605919969052085, -2.713372450855557, 0.011454616776606594}});
  ASSERT_EQ(fit.first_stage.size(), 1u);
  EXPECT_EQ(fit.first_stage[0].endogenous, "x1");
  // anova(lm(x1 ~ x2), lm(x1 ~ z + x2))
  ExpectRel(fit.first_stage[0].f_statistic, 97.441073063240012, 1e-9, "first-stage F");
}

TEST(PanelFitTest, WithinIvMatchesPlm) {
  PanelModelOptions o = Opts(PanelEstimator::kIv, FixedEffectsKind::kEntity, VarianceType::kIid);
  o.endogenous = {"x1"};
  ExpectTable(Fit(o, true), {{"x1", 0.40187174895009914, 0.065609164957362937, 6.1252379787375943, 3.6424845012764303e-06},
                             {"x2", -0.8973440111366342, 0.14395431113303031, -6.2335334320580733, 2.836023718088641e-06}});
  o.variance.type = VarianceType::kCluster;
  o.variance.small_sample = SmallSampleConvention::kPlm;
  ExpectTable(Fit(o, true), {{"x1", 0.40187174895009914, 0.067891572121329069, 5.9193171758037053, 5.8839815342158571e-06},
                             {"x2", -0.8973440111366342, 0.097598766625460673, -9.1942146623658587, 5.4415551679487916e-09}});
}

TEST(PanelFitTest, MissingValuesAreDroppedAndCounted) {
  PanelInput in = TinyPanel();
  in.x(3, 1) = std::nan("");
  in.y(7) = std::nan("");
  in.x(7, 0) = std::nan("");  // same row as the missing y: counted once, for y
  absl::StatusOr<PanelFit> fit =
      FitPanelModel(std::move(in), Opts(PanelEstimator::kWithin, FixedEffectsKind::kEntity, VarianceType::kIid));
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_EQ(fit->n_obs, 28);
  EXPECT_EQ(fit->n_input_rows, 30);
  ASSERT_EQ(fit->dropped_rows.size(), 2u);
  EXPECT_EQ(fit->dropped_rows[0].reason, "missing value in 'y'");
  EXPECT_EQ(fit->dropped_rows[0].count, 1);
  EXPECT_EQ(fit->dropped_rows[1].reason, "missing value in 'x2'");
}

TEST(PanelFitTest, CollinearAndAbsorbedRegressorsAreDroppedByName) {
  PanelInput in = TinyPanel();
  const int64_t n = in.y.size();
  in.x.conservativeResize(n, 4);
  in.x.col(2) = 2.0 * in.x.col(0) - in.x.col(1);  // collinear with x1, x2
  for (int64_t i = 0; i < n; ++i) in.x(i, 3) = 10.0 + in.entity[i] * 0.37;  // time-invariant
  in.x_names = {"x1", "x2", "combo", "region_size"};
  absl::StatusOr<PanelFit> fit =
      FitPanelModel(std::move(in), Opts(PanelEstimator::kWithin, FixedEffectsKind::kEntity, VarianceType::kIid));
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_EQ(fit->collinear_dropped, (std::vector<std::string>{"combo", "region_size"}));
  ExpectTable(*fit, kWithinIid);
  for (const auto& c : fit->coefficients) EXPECT_TRUE(std::isfinite(c.std_error));
}

TEST(PanelFitTest, MalformedInputNamesTheField) {
  PanelInput in = TinyPanel();
  in.x_names = {"x1"};
  absl::StatusOr<PanelFit> fit = FitPanelModel(in, PanelModelOptions{});
  EXPECT_EQ(fit.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(fit.status().message().find("x_names"), std::string::npos);

  PanelModelOptions o;
  o.variance.type = VarianceType::kCluster;
  o.variance.cluster_by = {"province"};
  fit = FitPanelModel(TinyPanel(), o);
  EXPECT_EQ(fit.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(fit.status().message().find("province"), std::string::npos);
}

TEST(PanelFitTest, NoResidualDegreesOfFreedomIsFailedPrecondition) {
  PanelInput in = TinyPanel();
  std::vector<int> keep_rows = {0, 1, 5, 6};  // two rows for each of 2 entities
  PanelInput small;
  small.x_names = in.x_names;
  small.y.resize(4);
  small.x.resize(4, 2);
  for (int r = 0; r < 4; ++r) {
    small.y[r] = in.y[keep_rows[r]];
    small.x.row(r) = in.x.row(keep_rows[r]);
    small.entity.push_back(in.entity[keep_rows[r]]);
    small.period.push_back(in.period[keep_rows[r]]);
  }
  absl::StatusOr<PanelFit> fit = FitPanelModel(small, Opts(PanelEstimator::kWithin, FixedEffectsKind::kEntity,
                                                           VarianceType::kIid));
  EXPECT_EQ(fit.status().code(), absl::StatusCode::kFailedPrecondition) << fit.status();
}

TEST(PanelFitTest, NormalReferenceDistributionIsReported) {
  PanelModelOptions o = Opts(PanelEstimator::kWithin, FixedEffectsKind::kEntity, VarianceType::kCluster,
                             SmallSampleConvention::kNone);
  o.variance.distribution = ReferenceDistribution::kNormal;
  const PanelFit fit = Fit(o);
  EXPECT_EQ(fit.distribution, "normal");
  EXPECT_NEAR(fit.coefficients[0].p_value,
              std::erfc(std::fabs(fit.coefficients[0].statistic) / std::sqrt(2.0)), 1e-14);
}

TEST(PanelFitTest, CancellationIsHonouredInAlternatingProjections) {
  std::function<bool()> stop = [] { return true; };
  absl::StatusOr<PanelFit> fit = FitPanelModel(
      TinyPanel(), Opts(PanelEstimator::kWithin, FixedEffectsKind::kTwoWay, VarianceType::kIid), &stop);
  EXPECT_EQ(fit.status().code(), absl::StatusCode::kCancelled);
}

// A caller that numbered its entities 0..n-1, each used (PanelInput::entity_levels: a
// fit by reference), spares the engine their recoding and gets the recoded fit bit for
// bit; also when rows with a missing value are dropped (here every row of entity 0, so
// the codes are no longer dense and the engine recodes) and singletons go.
TEST(PanelFitTest, DenseEntityCodesGiveTheRecodedFitBitForBit) {
  for (const bool missing : {false, true}) {
    PanelInput recoded = TinyPanel();
    for (int& e : recoded.entity) e -= 1;  // 1..6 -> 0..5
    if (missing) {
      for (int r = 0; r < 5; ++r) recoded.y[r] = std::nan("");  // entity 0's five rows
    }
    PanelInput dense = recoded;
    dense.entity_levels = 6;
    const PanelModelOptions o = Opts(PanelEstimator::kWithin, FixedEffectsKind::kTwoWay,
                                     VarianceType::kCluster, SmallSampleConvention::kStata);
    absl::StatusOr<PanelFit> a = FitPanelModel(recoded, o);
    absl::StatusOr<PanelFit> b = FitPanelModel(dense, o);
    ASSERT_TRUE(a.ok() && b.ok()) << a.status() << b.status();
    EXPECT_EQ(a->n_entities, missing ? 5 : 6);
    EXPECT_EQ(b->n_entities, a->n_entities);
    EXPECT_EQ(b->df_resid, a->df_resid);
    ASSERT_EQ(b->coefficients.size(), a->coefficients.size());
    for (size_t j = 0; j < a->coefficients.size(); ++j) {
      EXPECT_EQ(b->coefficients[j].estimate, a->coefficients[j].estimate) << missing;
      EXPECT_EQ(b->coefficients[j].std_error, a->coefficients[j].std_error) << missing;
    }
    EXPECT_EQ(b->covariance, a->covariance) << missing;
  }
}

}  // namespace
}  // namespace govmetrics::stats
