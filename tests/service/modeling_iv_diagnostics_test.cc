// FitPanelModel (ESTIMATOR_IV) first stages and instrument diagnostics over a real
// in-process gRPC channel, on Produc (balanced) and EmplUK with lags (unbalanced), against
//  - tests/reference/golden/iv_diagnostics.json: AER::ivreg summary(diagnostics = TRUE)
//    on the LSDV form (plm's FE-IV slopes checked equal there), lm first stages,
//    Cragg-Donald and Anderson-Rubin from lm fits (iid);
//  - tests/reference/golden/iv_diagnostics_numpy.json: an independent numpy
//    implementation of Kleibergen-Paap (2006), Hansen J, the C statistic and the robust
//    Anderson-Rubin test with ivreg2/xtivreg2's conventions (iid, robust, cluster).
// Coefficients 1e-8 relative, statistics, standard errors and bounds 1e-6 relative.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "tests/reference/reference_panel.h"
#include "common/rpc/server_runtime.h"
#include "gtest/gtest.h"
#include "services/modeling/modeling_service.h"
#include "tests/service/service_test_util.h"
#include "tests/unit/golden_json.h"

namespace govmetrics {
namespace {

namespace mv1 = modeling::v1;
using ::govmetrics::testing::JsonValue;

void ExpectRel(double actual, double expected, double tol, const std::string& what) {
  EXPECT_NEAR(actual, expected, tol * std::max(std::fabs(expected), 1e-12)) << what;
}

std::string Source(const std::string& rel) { return std::string(GOVMETRICS_SOURCE_DIR) + "/" + rel; }

JsonValue ReadGolden(const std::string& rel) {
  JsonValue root;
  std::string error;
  EXPECT_TRUE(testing::ReadJsonFile(Source(rel), &root, &error)) << error;
  return root;
}

common::v1::Panel LoadPanel(const std::string& dataset) {
  const bool produc = dataset == "produc";
  auto panel = govmetrics::ReadReferencePanel(
      produc ? "tests/reference/data/produc_iv.csv" : "tests/reference/data/empluk_iv.csv", produc ? "state" : "firm", "year");
  EXPECT_TRUE(panel.ok());
  return *panel;
}

mv1::FixedEffects FixedEffectsOf(const std::string& fe) {
  return fe == "two_way" ? mv1::FIXED_EFFECTS_TWO_WAY
         : fe == "entity" ? mv1::FIXED_EFFECTS_ENTITY
                          : mv1::FIXED_EFFECTS_NONE;
}

// exogenous: the included exogenous regressors.
mv1::FitPanelModelRequest IvRequest(const JsonValue& c, const std::vector<std::string>& exogenous,
                                    const common::v1::Panel& panel) {
  mv1::FitPanelModelRequest request;
  *request.mutable_panel() = panel;
  request.set_dependent(c.String("dependent"));
  for (const auto& x : exogenous) request.add_regressors(x);
  for (const auto& x : c.Strings("endogenous")) request.add_endogenous(x);
  for (const auto& z : c.Strings("instruments")) request.add_instruments(z);
  auto* spec = request.mutable_model();
  spec->set_estimator(mv1::ESTIMATOR_IV);
  spec->set_fixed_effects(FixedEffectsOf(c.String("fixed_effects")));
  spec->mutable_variance()->set_type(mv1::VARIANCE_TYPE_IID);
  spec->mutable_variance()->set_small_sample(mv1::SMALL_SAMPLE_PLM);
  return request;
}

std::vector<std::string> ExogenousOf(const JsonValue& c) {
  std::vector<std::string> out;
  const auto endogenous = c.Strings("endogenous");
  for (const auto& x : c.Strings("regressors")) {
    if (std::find(endogenous.begin(), endogenous.end(), x) == endogenous.end()) out.push_back(x);
  }
  return out;
}

const mv1::Coefficient* FindCoefficient(const google::protobuf::RepeatedPtrField<mv1::Coefficient>& rows,
                                        const std::string& name) {
  for (const auto& k : rows) {
    if (k.name() == name) return &k;
  }
  return nullptr;
}

void ExpectTest(const mv1::IvTest& t, const JsonValue& g, const std::string& what) {
  EXPECT_EQ(t.name(), g.String("name")) << what;
  ExpectRel(t.statistic(), g.Number("statistic"), 1e-6, what);
  ExpectRel(t.p_value(), g.Number("p_value"), 1e-6, what + " p");
}

void ExpectArSet(const mv1::IvDiagnostics& d, const JsonValue* set, const std::string& what) {
  if (set == nullptr) return;
  EXPECT_EQ(d.anderson_rubin_set(), set->String("kind")) << what;
  if (set->Has("lower")) {
    ExpectRel(d.anderson_rubin_lower(), set->Number("lower"), 1e-6, what + " AR lower");
    ExpectRel(d.anderson_rubin_upper(), set->Number("upper"), 1e-6, what + " AR upper");
  }
}

class IvDiagnosticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kModelingServiceName}});
    stub_ = mv1::ModelingService::NewStub(server_->NewChannel());
    produc_ = LoadPanel("produc");
    empluk_ = LoadPanel("empluk");
  }

  const common::v1::Panel& PanelOf(const JsonValue& c) {
    return c.String("dataset") == "produc" ? produc_ : empluk_;
  }

  grpc::Status Fit(const mv1::FitPanelModelRequest& request, mv1::FitPanelModelResponse* r) {
    grpc::ClientContext context;
    return stub_->FitPanelModel(&context, request, r);
  }

  void ExpectAerCase(const JsonValue& c) {
    const std::string name = c.String("name");
    mv1::FitPanelModelResponse r;
    const grpc::Status status = Fit(IvRequest(c, ExogenousOf(c), PanelOf(c)), &r);
    ASSERT_TRUE(status.ok()) << name << ": " << status.error_message();
    EXPECT_EQ(r.n_obs(), static_cast<int>(c.Number("n_obs"))) << name;
    for (const JsonValue& g : c.Find("coefficients")->array) {
      const mv1::Coefficient* k = FindCoefficient(r.coefficients(), g.String("name"));
      ASSERT_NE(k, nullptr) << name << " " << g.String("name");
      ExpectRel(k->estimate(), g.Number("estimate"), 1e-8, name + " " + k->name());
    }
    const auto& stages = c.Find("first_stages")->array;
    ASSERT_EQ(r.first_stages_size(), static_cast<int>(stages.size())) << name;
    for (size_t s = 0; s < stages.size(); ++s) {
      const mv1::FirstStage& fs = r.first_stages(static_cast<int>(s));
      EXPECT_EQ(fs.endogenous(), stages[s].String("endogenous")) << name;
      for (const JsonValue& g : stages[s].Find("coefficients")->array) {
        const mv1::Coefficient* k = FindCoefficient(fs.coefficients(), g.String("name"));
        ASSERT_NE(k, nullptr) << name << " first stage " << g.String("name");
        ExpectRel(k->estimate(), g.Number("estimate"), 1e-8, name + " first stage " + k->name());
        ExpectRel(k->std_error(), g.Number("std_error"), 1e-6, name + " first stage SE " + k->name());
      }
    }
    const mv1::IvDiagnostics& d = r.iv_diagnostics();
    EXPECT_EQ(d.convention(), "iid") << name;
    EXPECT_EQ(d.df_resid(), c.Number("df_resid")) << name;
    EXPECT_EQ(d.df_absorbed(), static_cast<int64_t>(c.Number("df_absorbed"))) << name;
    ExpectRel(d.cragg_donald_f(), c.Number("cragg_donald_f"), 1e-6, name + " Cragg-Donald");
    const JsonValue& wh = *c.Find("wu_hausman");
    ExpectRel(d.wu_hausman().statistic(), wh.Number("statistic"), 1e-6, name + " Wu-Hausman");
    EXPECT_EQ(d.wu_hausman().df2(), wh.Number("df2")) << name;
    ExpectRel(d.wu_hausman().p_value(), wh.Number("p_value"), 1e-6, name + " Wu-Hausman p");
    const JsonValue& ar = *c.Find("anderson_rubin");
    ExpectRel(d.anderson_rubin().statistic(), ar.Number("statistic"), 1e-6, name + " AR");
    ExpectRel(d.anderson_rubin().p_value(), ar.Number("p_value"), 1e-6, name + " AR p");
    if (const JsonValue* s = c.Find("sargan_xtivreg2")) {
      EXPECT_EQ(d.overidentification().name(), "sargan") << name;
      ExpectRel(d.overidentification().statistic(), s->Number("statistic"), 1e-6, name + " Sargan");
      EXPECT_EQ(d.overidentification().df1(), s->Number("df")) << name;
      ExpectRel(d.overidentification().p_value(), s->Number("p_value"), 1e-6, name + " Sargan p");
    } else {
      EXPECT_TRUE(d.overidentification().name().empty()) << name << ": exactly identified";
    }
    ExpectArSet(d, c.Find("anderson_rubin_set"), name);
  }

  void ExpectNumpyCase(const JsonValue& c) {
    const std::string name = c.String("name");
    mv1::FitPanelModelRequest request = IvRequest(c, c.Strings("exogenous"), PanelOf(c));
    const std::string variance = c.String("variance");
    auto* v = request.mutable_model()->mutable_variance();
    if (variance == "robust") v->set_type(mv1::VARIANCE_TYPE_HC1);
    if (variance == "cluster") {
      v->set_type(mv1::VARIANCE_TYPE_CLUSTER);
      v->add_cluster_by("entity");
    }
    mv1::FitPanelModelResponse r;
    const grpc::Status status = Fit(request, &r);
    ASSERT_TRUE(status.ok()) << name << ": " << status.error_message();
    for (const JsonValue& g : c.Find("coefficients")->array) {
      const mv1::Coefficient* k = FindCoefficient(r.coefficients(), g.String("name"));
      ASSERT_NE(k, nullptr) << name << " " << g.String("name");
      ExpectRel(k->estimate(), g.Number("estimate"), 1e-8, name + " " + k->name());
    }
    const mv1::IvDiagnostics& d = r.iv_diagnostics();
    EXPECT_EQ(d.convention(), variance) << name;
    EXPECT_EQ(d.instruments(), static_cast<int>(c.Number("instruments_l"))) << name;
    ExpectRel(d.cragg_donald_f(), c.Number("cragg_donald_f"), 1e-6, name + " Cragg-Donald");
    ExpectTest(d.underidentification(), *c.Find("underidentification"), name + " under-id");
    EXPECT_EQ(d.underidentification().df1(), c.Find("underidentification")->Number("df")) << name;
    if (c.Has("kleibergen_paap_f")) {
      ExpectRel(d.kleibergen_paap_f(), c.Number("kleibergen_paap_f"), 1e-6, name + " KP F");
    } else {
      EXPECT_TRUE(std::isnan(d.kleibergen_paap_f())) << name;
    }
    if (const JsonValue* o = c.Find("overidentification")) {
      ExpectTest(d.overidentification(), *o, name + " over-id");
    } else {
      EXPECT_TRUE(d.overidentification().name().empty()) << name;
    }
    ExpectTest(d.endogeneity(), *c.Find("endogeneity"), name + " C statistic");
    const JsonValue& ar = *c.Find("anderson_rubin");
    ExpectRel(d.anderson_rubin().statistic(), ar.Number("statistic"), 1e-6, name + " AR");
    EXPECT_EQ(d.anderson_rubin().df2(), ar.Number("df2")) << name;
    ExpectRel(d.anderson_rubin().p_value(), ar.Number("p_value"), 1e-6, name + " AR p");
    ExpectArSet(d, ar.Find("set"), name);
  }

  services::ModelingServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<mv1::ModelingService::Stub> stub_;
  common::v1::Panel produc_, empluk_;
};

TEST_F(IvDiagnosticsTest, IidDiagnosticsAndFirstStagesMatchAerAndLm) {
  const JsonValue root = ReadGolden("tests/reference/golden/iv_diagnostics.json");
  int cases = 0;
  for (const JsonValue& c : root.Find("cases")->array) {
    ExpectAerCase(c);
    ++cases;
  }
  EXPECT_EQ(cases, 6);
}

TEST_F(IvDiagnosticsTest, RobustAndClusterDiagnosticsMatchTheNumpyImplementation) {
  const JsonValue root = ReadGolden("tests/reference/golden/iv_diagnostics_numpy.json");
  int cases = 0;
  for (const JsonValue& c : root.Find("cases")->array) {
    ExpectNumpyCase(c);
    ++cases;
  }
  EXPECT_EQ(cases, 15);
}

TEST_F(IvDiagnosticsTest, StockYogoValuesForOneEndogenousAndTwoInstruments) {
  const JsonValue root = ReadGolden("tests/reference/golden/iv_diagnostics.json");
  const JsonValue& c = root.Find("cases")->array[1];  // produc_entity: K1 = 1, L1 = 2
  mv1::FitPanelModelResponse r;
  ASSERT_TRUE(Fit(IvRequest(c, ExogenousOf(c), PanelOf(c)), &r).ok());
  // Stock and Yogo (2005) Table 5.2, K1 = 1, L1 = 2: 19.93, 11.59, 8.75, 7.25; no bias
  // values (Table 5.1 starts at L1 = K1 + 2).
  const auto& sy = r.iv_diagnostics().stock_yogo();
  ASSERT_EQ(sy.size(), 4);
  EXPECT_EQ(sy[0].criterion(), "2sls_size");
  EXPECT_DOUBLE_EQ(sy[0].threshold(), 0.10);
  EXPECT_DOUBLE_EQ(sy[0].critical_value(), 19.93);
  EXPECT_DOUBLE_EQ(sy[3].critical_value(), 7.25);
}

TEST_F(IvDiagnosticsTest, MissingOrTooFewInstrumentsAreInvalidArgumentsNamingTheField) {
  const JsonValue root = ReadGolden("tests/reference/golden/iv_diagnostics.json");
  const JsonValue& c = root.Find("cases")->array[3];  // two endogenous regressors
  for (int kept : {0, 1}) {
    mv1::FitPanelModelRequest request = IvRequest(c, ExogenousOf(c), PanelOf(c));
    request.clear_instruments();
    for (int i = 0; i < kept; ++i) request.add_instruments(c.Strings("instruments")[i]);
    mv1::FitPanelModelResponse r;
    const grpc::Status status = Fit(request, &r);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << kept;
    EXPECT_TRUE(testing::HasViolation(status, "instruments", "under-identified"))
        << kept << ": " << status.error_message();
  }
}

}  // namespace
}  // namespace govmetrics
