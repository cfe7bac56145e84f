#include "services/reporting/spatial_model_choice.h"

#include <limits>

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr double kLevel = 0.05;

// The p-value of the test named `name` (NaN when the fit does not carry it).
double PValue(const mv1::FitSpatialPanelResponse& fit, const std::string& name) {
  for (const auto& test : fit.lm_tests()) {
    if (test.name() == name) return test.p_value();
  }
  for (const auto& test : fit.durbin_tests()) {
    if (test.name() == name) return test.p_value();
  }
  return std::numeric_limits<double>::quiet_NaN();
}

bool Rejects(double p) { return p < kLevel; }  // false for NaN
bool Keeps(double p) { return p >= kLevel; }    // false for NaN

}  // namespace

SpatialModelChoice ChooseSpatialModel(mv1::SpatialPanelModel fixed, const mv1::FitSpatialPanelResponse& sdm) {
  if (fixed != mv1::SPATIAL_PANEL_MODEL_UNSPECIFIED) return {fixed, "spatial.choice_fixed"};
  bool any_lm = false;
  for (const char* name : {"LM_LAG", "ROBUST_LM_LAG", "LM_ERROR", "ROBUST_LM_ERROR"}) {
    any_lm = any_lm || Rejects(PValue(sdm, name));
  }
  if (!any_lm) return {mv1::SPATIAL_PANEL_MODEL_SDM, "spatial.choice_no_lm"};
  if (Keeps(PValue(sdm, "WALD_SDM_SAR")) && Rejects(PValue(sdm, "ROBUST_LM_LAG"))) {
    return {mv1::SPATIAL_PANEL_MODEL_SAR, "spatial.choice_sar"};
  }
  if (Keeps(PValue(sdm, "WALD_SDM_SEM")) && Rejects(PValue(sdm, "ROBUST_LM_ERROR"))) {
    return {mv1::SPATIAL_PANEL_MODEL_SEM, "spatial.choice_sem"};
  }
  return {mv1::SPATIAL_PANEL_MODEL_SDM, "spatial.choice_sdm"};
}

std::string SpatialModelName(mv1::SpatialPanelModel model) {
  switch (model) {
    case mv1::SPATIAL_PANEL_MODEL_SAR: return "SAR";
    case mv1::SPATIAL_PANEL_MODEL_SEM: return "SEM";
    case mv1::SPATIAL_PANEL_MODEL_SAC: return "SAC";
    default: return "SDM";
  }
}

}  // namespace govmetrics::reporting
