#include "common/stats/panel_fit.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/stats/counted_factor.h"
#include "common/stats/fixed_effects_absorb.h"
#include "common/stats/fixed_effects_crossing.h"
#include "common/stats/panel/estimator_registry.h"
#include "common/stats/panel/iv_diagnostics.h"
#include "common/stats/panel/moderation.h"
#include "common/stats/panel_estimators.h"
#include "common/stats/panel_linear_problem.h"
#include "common/stats/panel_parallel.h"
#include "common/stats/panel_sample.h"

namespace govmetrics::stats {

namespace {

// The entity factor of the first `rows` rows: from the caller's counts
// (PanelInput::entity_counts) or the codes themselves when it declared them dense
// (PanelInput::entity_levels) and they are all there, else recoded.
FactorCodes EntityFactor(const PanelInput& in, int64_t rows) {
  const auto codes = absl::MakeConstSpan(in.entity.data(), static_cast<size_t>(rows));
  const bool all_rows = static_cast<size_t>(rows) == in.entity.size();
  if (in.entity_counts.known() && all_rows) return CountedFactor("entity", codes, in.entity_counts);
  if (in.entity_levels > 0 && all_rows) return DenseFactor("entity", codes, in.entity_levels);
  return RecodeFactor("entity", codes);
}

// The period factor of the first `rows` rows: from the caller's counts
// (PanelInput::period_counts) when they are all there, else recoded.
FactorCodes PeriodFactor(const PanelInput& in, int64_t rows) {
  const auto periods = absl::MakeConstSpan(in.period.data(), static_cast<size_t>(rows));
  if (static_cast<size_t>(rows) == in.period.size()) {
    return CountedFactor("period", periods, in.period_counts);  // recodes when not counted
  }
  return RecodeFactor("period", periods);
}

// How the two-way factors `fe` (entity, period) cross, known without a pass over the
// rows when the caller established that no (entity, period) repeats.
Crossing KnownCrossing(const PanelInput& in, const std::vector<FactorCodes>& fe, bool two_way) {
  if (!in.unique_entity_periods || !two_way || fe.size() != 2) return Crossing::kUnknown;
  return CrossingOfUniquePairs(fe[0], fe[1]);
}

}  // namespace

void AttachIdentifiers(const PanelInput& in, int64_t n, LinearProblem* p) {
  if (!in.entity.empty()) {
    p->entity = RecodeFactor("entity", absl::MakeConstSpan(in.entity.data(), n));
    p->max_periods_per_entity =
        *std::max_element(p->entity.counts.begin(), p->entity.counts.end());
  }
  if (!in.period.empty()) {
    p->period = RecodeFactor("period", absl::MakeConstSpan(in.period.data(), n));
    if (in.entity.empty()) p->max_periods_per_entity = p->period.levels;
  }
  for (size_t c = 0; c < in.clusters.size(); ++c) {
    p->extra_clusters.push_back(
        RecodeFactor(in.cluster_names[c], absl::MakeConstSpan(in.clusters[c].data(), n)));
  }
}

absl::StatusOr<LinearProblem> BuildPooledProblem(
    PanelInput& in, int64_t n, const PanelModelOptions& o,
    const std::function<bool()>* /*should_stop*/, PanelFit* /*fit*/) {
  const bool instruments = GetEstimator(o.estimator).uses_instruments;
  LinearProblem p;
  const int64_t k = in.x.cols();
  p.n = n;
  p.x.resize(n, k + 1);
  p.x.col(0).setOnes();
  p.x.rightCols(k) = in.x.topRows(n);
  p.y = in.y.head(n);
  p.names.push_back("(Intercept)");
  for (const auto& name : in.x_names) p.names.push_back(name);
  p.intercept = 0;
  if (instruments) {
    p.z = in.instruments.topRows(n);
    p.z_names = in.instrument_names;
  }
  AttachIdentifiers(in, n, &p);
  p.tss = CenteredSumOfSquares(p.y.data(), n);
  p.tss_overall = p.tss;
  in.x.resize(0, 0);  // release the input copy early
  return p;
}

absl::StatusOr<LinearProblem> BuildWithinProblem(
    PanelInput& in, int64_t n, const PanelModelOptions& o,
    const std::function<bool()>* should_stop, PanelFit* fit) {
  const bool entity = o.fixed_effects == FixedEffectsKind::kEntity ||
                      o.fixed_effects == FixedEffectsKind::kTwoWay;
  const bool period = o.fixed_effects == FixedEffectsKind::kPeriod ||
                      o.fixed_effects == FixedEffectsKind::kTwoWay;
  auto make_factors = [&](int64_t rows) {
    std::vector<FactorCodes> fe;
    if (entity) fe.push_back(EntityFactor(in, rows));
    if (period) fe.push_back(PeriodFactor(in, rows));
    for (size_t a = 0; a < in.absorb.size(); ++a) {
      fe.push_back(RecodeFactor(in.absorb_names[a], absl::MakeConstSpan(in.absorb[a].data(), rows)));
    }
    return fe;
  };
  std::vector<FactorCodes> fe = make_factors(n);
  std::vector<const FactorCodes*> fe_ptr;
  for (const auto& f : fe) fe_ptr.push_back(&f);

  const bool drop_singletons =
      o.singletons == SingletonPolicy::kDrop ||
      (o.singletons == SingletonPolicy::kAuto &&
       o.variance.small_sample == SmallSampleConvention::kStata);
  if (drop_singletons) {
    int64_t dropped = 0;
    const std::vector<char> keep = SingletonKeepMask(fe_ptr, &dropped);
    if (dropped > 0) {
      n = CompactPanelRows(in, n, keep);
      fit->singletons_dropped = dropped;
      fit->dropped_rows.push_back({"singleton in a fixed-effect level", dropped});
      fe = make_factors(n);
      fe_ptr.clear();
      for (const auto& f : fe) fe_ptr.push_back(&f);
    }
  }
  if (n == 0) return absl::FailedPreconditionError("no observations left after dropping singletons");

  LinearProblem p;
  p.n = n;
  p.names = in.x_names;
  const int64_t k = in.x.cols();
  p.x = std::move(in.x);
  p.y = std::move(in.y);
  if (GetEstimator(o.estimator).uses_instruments) {
    p.z = std::move(in.instruments);
    p.z_names = in.instrument_names;
  }
  // The response's centered sum of squares is a chain of dependent additions (about
  // 0.3 s at 1e8 rows): on a second thread, while this one copies the factors, counts
  // the absorbed degrees of freedom and takes the regressors' norms.
  ConcurrentValue<double> tss_overall(n, o.threads,
                                      [&p, n] { return CenteredSumOfSquares(p.y.data(), n); });
  // Identifiers: reuse the absorbed factors instead of recoding again.
  {
    PanelInput ids;
    ids.cluster_names = in.cluster_names;
    ids.clusters = std::move(in.clusters);
    if (!entity && !in.entity.empty()) ids.entity = in.entity;
    if (!period && !in.period.empty()) ids.period = in.period;
    AttachIdentifiers(ids, n, &p);
    size_t q = 0;
    if (entity) p.entity = fe[q++];
    if (period) p.period = fe[q++];
    if (entity) {
      p.max_periods_per_entity =
          *std::max_element(p.entity.counts.begin(), p.entity.counts.end());
    } else if (p.entity.levels == 0 && period) {
      p.max_periods_per_entity = p.period.levels;
    }
  }
  const Crossing crossing = KnownCrossing(in, fe, entity && period);
  int components = 0;
  p.df_absorbed = AbsorbedDegreesOfFreedom(fe_ptr, &components, crossing);
  fit->fe_components = components;

  p.reference_sq_norms.resize(k);
  // y first: its sum of squares after absorption (a chain of dependent additions, about
  // 0.3 s at 1e8 rows) is taken on its absorbing thread while the other absorbs x.
  std::vector<double*> columns{p.y.data()};
  std::optional<double> tss;  // none when nothing was absorbed
  const std::function<void(int)> after_column = [&](int c) {
    if (c == 0) tss = CenteredSumOfSquares(p.y.data(), n);
  };
  for (int64_t j = 0; j < k; ++j) {
    p.reference_sq_norms[j] = p.x.col(j).head(n).squaredNorm();
    columns.push_back(p.x.col(j).data());
  }
  p.z_reference_sq_norms.resize(p.z.cols());
  for (int64_t j = 0; j < p.z.cols(); ++j) {
    p.z_reference_sq_norms[j] = p.z.col(j).head(n).squaredNorm();
    columns.push_back(p.z.col(j).data());
  }
  p.tss_overall = tss_overall.Get();  // before the absorption changes y
  AbsorbOptions ao;
  ao.tolerance = o.fe_tolerance;
  ao.max_iterations = o.fe_max_iterations;
  ao.threads = std::max(1, o.threads);
  ao.should_stop = should_stop;
  ao.crossing = crossing;
  ao.after_column = &after_column;
  absl::StatusOr<AbsorbReport> report = AbsorbFixedEffects(fe_ptr, columns, n, ao);
  if (!report.ok()) return report.status();
  fit->absorb_method = report->method;
  fit->absorb_iterations = report->iterations;
  fit->absorb_converged = report->converged;
  if (!report->converged) {
    fit->notes.push_back(absl::StrCat(
        "fixed-effect absorption stopped after ", report->iterations,
        " iterations with relative change ", report->worst_change,
        " above tolerance ", o.fe_tolerance));
  }
  p.absorbed = std::move(fe);
  p.tss = tss.has_value() ? *tss : CenteredSumOfSquares(p.y.data(), n);
  p.report_within_r2 = true;
  return p;
}

absl::StatusOr<LinearProblem> BuildIvProblem(
    PanelInput& in, int64_t n, const PanelModelOptions& o,
    const std::function<bool()>* should_stop, PanelFit* fit) {
  const bool absorbs = o.fixed_effects != FixedEffectsKind::kNone || !in.absorb.empty();
  return absorbs ? BuildWithinProblem(in, n, o, should_stop, fit)
                 : BuildPooledProblem(in, n, o, should_stop, fit);
}

PanelModelOptions ResolvePanelOptions(const PanelModelOptions& options,
                                      const PanelInput& input) {
  PanelModelOptions r = options;
  const bool absorbs = r.fixed_effects != FixedEffectsKind::kNone || !input.absorb.empty();
  if (r.estimator == PanelEstimator::kWithin && !absorbs) {
    r.estimator = PanelEstimator::kPooledOls;  // nothing to absorb: plain OLS
  }
  const EstimatorDefinition& def = GetEstimator(r.estimator);
  if (!def.Accepts(r.fixed_effects)) r.fixed_effects = def.DefaultFixedEffects();
  if (r.variance.type == VarianceType::kCluster && r.variance.cluster_by.empty()) {
    r.variance.cluster_by = {"entity"};
  }
  if (r.variance.type != VarianceType::kCluster) r.variance.cluster_by.clear();
  if (r.singletons == SingletonPolicy::kAuto) {
    const bool fe = def.absorbs_labels && absorbs;
    r.singletons = fe && r.variance.small_sample == SmallSampleConvention::kStata
                       ? SingletonPolicy::kDrop
                       : SingletonPolicy::kKeep;
  }
  if (r.threads < 1) r.threads = 1;
  return r;
}

absl::StatusOr<PanelFit> FitPanelModel(PanelInput input, const PanelModelOptions& options,
                                       const std::function<bool()>* should_stop) {
  if (absl::Status s = ValidatePanelInput(input, options); !s.ok()) return s;
  const PanelModelOptions o = ResolvePanelOptions(options, input);
  PanelFit fit;
  fit.resolved = o;
  fit.n_input_rows = input.y.size();
  const EstimatorDefinition& def = GetEstimator(o.estimator);
  const bool iv = def.uses_instruments;
  int64_t n = DropIncompleteRows(input, iv, &fit.dropped_rows);
  if (n == 0) return absl::FailedPreconditionError("no complete observations");
  absl::StatusOr<std::vector<ModerationEffect>> moderation =
      ExpandInteractions(input, n, iv ? o.endogenous : std::vector<std::string>{});
  if (!moderation.ok()) return moderation.status();

  if (!def.Accepts(o.variance.type)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "variance.type: the ", def.name, " estimator supports ", AcceptedVariances(def),
        "; got ", ToString(o.variance.type)));
  }
  absl::StatusOr<LinearProblem> problem = def.build(input, n, o, should_stop, &fit);
  if (!problem.ok()) return problem.status();
  if (should_stop != nullptr && *should_stop && (*should_stop)()) {
    return absl::CancelledError("panel fit cancelled");
  }
  if (iv) {
    for (const std::string& e : o.endogenous) {
      for (size_t j = 0; j < problem->names.size(); ++j) {
        if (problem->names[j] == e) problem->endogenous.push_back(static_cast<int>(j));
      }
    }
  }
  // Entities / periods of the estimation sample (after singletons; for FD the
  // differenced rows lose each entity's first period, as plm's pdim does not,
  // so count on the undifferenced sample there).
  if (def.counts_input_sample) {
    if (!input.entity.empty()) {
      fit.n_entities = RecodeFactor("entity", absl::MakeConstSpan(input.entity.data(), n)).levels;
    }
    if (!input.period.empty()) {
      fit.n_periods = RecodeFactor("period", absl::MakeConstSpan(input.period.data(), n)).levels;
    }
  } else {
    fit.n_entities = problem->entity.levels;
    fit.n_periods = problem->period.levels;
  }
  if (absl::Status s = SolveLinearProblem(*problem, o, &fit); !s.ok()) return s;
  if (iv) {
    if (absl::Status s = ComputeIvDiagnostics(*problem, o, &fit); !s.ok()) return s;
  }
  if (o.variance.type == VarianceType::kDriscollKraay) {
    fit.resolved.variance.max_lag = fit.driscoll_kraay_lag;
  }
  if (!moderation->empty()) {
    if (absl::Status s = EstimateSimpleSlopes(*std::move(moderation), &fit); !s.ok()) return s;
  }
  for (const std::string& name : fit.collinear_dropped) {
    fit.notes.push_back(absl::StrCat("'", name, "' dropped: collinear with other regressors or absorbed by the fixed effects"));
  }
  return fit;
}

}  // namespace govmetrics::stats
