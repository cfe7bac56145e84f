// bench/tobit/run.sh: one FitCensoredModel computation (the service's whole compute path:
// request validation, estimation sample, the fit, the intercept-only fit for the LR test
// (pooled), the covariance and every marginal effect) on a CSV from simulate_panel.py,
// censored to [0, 1]. Prints "govmetrics seconds=S coef1=... se1=... loglik=..." (best
// of REPS runs; reading the CSV and building the request are not timed).
//   tobit_govmetrics pooled|re FILE.csv [REPS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/contracts/censored_request.h"
#include "tests/unit/panel_test_data.h"

namespace mv1 = govmetrics::modeling::v1;

namespace {

mv1::FitCensoredModelRequest Request(const std::string& path, bool random_effects) {
  govmetrics::stats::testing::CsvTable csv;
  if (!govmetrics::stats::testing::ReadCsv(path, &csv)) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(1);
  }
  mv1::FitCensoredModelRequest r;
  auto* panel = r.mutable_panel();
  for (const auto& e : csv.cells[static_cast<size_t>(csv.Column("entity"))]) panel->add_entity(e);
  for (double p : csv.Numeric("year")) panel->add_period(static_cast<int>(p));
  for (const std::string name : {"y", "x1", "x2", "x3", "x4", "x5"}) {
    auto* column = panel->add_columns();
    column->set_name(name);
    for (double v : csv.Numeric(name)) column->add_values(v);
    if (name != "y") r.add_regressors(name);
  }
  r.set_dependent("y");
  r.set_left_limit(0);
  r.set_right_limit(1);
  r.set_model(random_effects ? mv1::CENSORED_MODEL_RANDOM_EFFECTS : mv1::CENSORED_MODEL_POOLED);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: tobit_govmetrics pooled|re FILE.csv [REPS]\n");
    return 2;
  }
  const bool random_effects = std::string(argv[1]) == "re";
  const int reps = argc > 3 ? std::atoi(argv[3]) : 3;
  const auto request = Request(argv[2], random_effects);
  double best = 1e300;
  absl::StatusOr<mv1::FitCensoredModelResponse> r;
  for (int rep = 0; rep < reps; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    r = govmetrics::contracts::FitCensoredModel(request, nullptr);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return 1;
    }
  }
  std::printf("govmetrics seconds=%.4f coef1=%.10f se1=%.10f loglik=%.6f", best, r->coefficients(1).estimate(),
              r->coefficients(1).std_error(), r->log_likelihood());
  if (random_effects) std::printf(" sigma_u=%.10f", r->random_effects().sigma_u());
  std::printf(" %s=%.10f rows=%d iterations=%d\n", random_effects ? "sigma_e" : "sigma", r->sigma(), r->observations(),
              r->iterations());
  return 0;
}
