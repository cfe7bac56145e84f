#ifndef GOVMETRICS_SERVICES_REPORTING_SPATIAL_MODEL_CHOICE_H_
#define GOVMETRICS_SERVICES_REPORTING_SPATIAL_MODEL_CHOICE_H_

// Which spatial panel model a study reports when its spec does not fix one: Elhorst's
// (2010, "Applied spatial econometrics: raising the bar", section 5) specific-to-general
// then general-to-specific procedure at the 5% level.
//   1. LM tests on the non-spatial fixed-effects model (classic and robust, lag and
//      error). If none rejects, the SDM is still reported as the general model.
//   2. Otherwise the SDM is estimated and its Wald tests decide: theta = 0 not rejected
//      and the robust LM lag test significant -> SAR; theta + rho beta = 0 not rejected
//      and the robust LM error test significant -> SEM; else SDM.

#include <string>

#include "govmetrics/modeling/v1/modeling_service.pb.h"

namespace govmetrics::reporting {

struct SpatialModelChoice {
  modeling::v1::SpatialPanelModel model;
  const char* reason_key;  // catalog text, {0} = the model's short name
};

// `fixed` is the spec's model (UNSPECIFIED: choose); `sdm` the SDM fit with its LM and
// Durbin tests.
SpatialModelChoice ChooseSpatialModel(modeling::v1::SpatialPanelModel fixed,
                                      const modeling::v1::FitSpatialPanelResponse& sdm);

// "SAR", "SEM", "SDM", "SAC".
std::string SpatialModelName(modeling::v1::SpatialPanelModel model);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_SPATIAL_MODEL_CHOICE_H_
