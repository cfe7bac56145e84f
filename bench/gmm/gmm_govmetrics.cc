// bench/gmm/run.sh: two-step system GMM with Windmeijer errors, Hansen J and AR(1)/AR(2)
// (one FitDynamicPanel call) on a CSV; the same model as gmm_plm.R. Prints
// "govmetrics seconds=S coef1=... hansen=..." (best of 3 runs; the CSV read is not timed).
//   gmm_govmetrics empluk|simulated FILE.csv
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <vector>

#include "common/stats/gmm/dynamic_panel.h"
#include "tests/unit/panel_test_data.h"

namespace gmm = govmetrics::stats::gmm;

namespace {

gmm::DynamicPanelData Load(const std::string& path, const std::string& entity) {
  govmetrics::stats::testing::CsvTable csv;
  if (!govmetrics::stats::testing::ReadCsv(path, &csv)) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(1);
  }
  gmm::DynamicPanelData d;
  d.entity = csv.Codes(entity);
  for (double p : csv.Numeric("year")) d.period.push_back(static_cast<int>(p));
  for (int e : d.entity) d.n_entities = std::max(d.n_entities, e + 1);
  for (const auto& name : csv.header) {
    const auto v = csv.Numeric(name);
    d.column_names.push_back(name);
    d.columns.push_back(Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size())));
  }
  return d;
}

int Col(const gmm::DynamicPanelData& d, const std::string& name) {
  for (size_t i = 0; i < d.column_names.size(); ++i) {
    if (d.column_names[i] == name) return static_cast<int>(i);
  }
  std::fprintf(stderr, "no column %s\n", name.c_str());
  std::exit(1);
}

gmm::DynamicPanelSpec Spec(const gmm::DynamicPanelData& d, bool empluk) {
  gmm::DynamicPanelSpec s;
  s.transformation = gmm::Transformation::kSystem;
  const std::string y = empluk ? "lemp" : "y";
  s.dependent = Col(d, y);
  s.gmm.push_back({Col(d, y), 2, 99, false});
  for (const std::string& x : empluk ? std::vector<std::string>{"lwage", "lcapital"} : std::vector<std::string>{"x"}) {
    s.regressors.push_back({Col(d, x), {0, 1}});
    s.gmm.push_back({Col(d, x), 2, 99, false});
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: gmm_govmetrics empluk|simulated FILE.csv\n");
    return 2;
  }
  const bool empluk = std::string(argv[1]) == "empluk";
  const auto data = Load(argv[2], empluk ? "firm" : "entity");
  const auto spec = Spec(data, empluk);
  double best = 1e300;
  absl::StatusOr<gmm::DynamicPanelResult> r;
  for (int rep = 0; rep < 3; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    r = gmm::FitDynamicPanel(data, spec);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return 1;
    }
  }
  std::printf("govmetrics seconds=%.4f coef1=%.10f se1=%.10f hansen=%.6f ar2=%.6f instruments=%d\n", best,
              r->coefficients[0], r->std_errors[0], r->hansen.statistic, r->ar2.statistic, r->n_instruments);
  return 0;
}
