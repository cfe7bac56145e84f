// A data-generating process with a known indirect effect, for the coverage
// study (bench/validation/), the benchmark and the fast coverage unit test.
//
//   X_it = ax_i + tx_t + u_it
//   M_it = a X_it + g_m C_it + am_i + tm_t + v_it
//   Y_it = c' X_it + b M_it + g_y C_it + ay_i + ty_t + w_it
//
// C_it, the effects ax/am/ay (entity) and tx/tm/ty (period) are N(0, 1); the
// errors u, v, w are AR(1) within entity with coefficient rho and unit
// innovation variance (so entity clustering matters), optionally
// heteroskedastic (scale 1 + |X| / 2 for v and w); w times `noise`. Balanced panel.
// True indirect effect: a b (first mediator; further mediators get a_k = a,
// b_k = b / k).
#ifndef GOVMETRICS_COMMON_STATS_MEDIATION_SIMULATION_H_
#define GOVMETRICS_COMMON_STATS_MEDIATION_SIMULATION_H_

#include <cstdint>

#include "common/stats/mediation_analysis.h"

namespace govmetrics::stats {

struct MediationDgp {
  int entities = 31;
  int periods = 7;
  int mediators = 1;
  double a = 0.5;
  double b = 0.4;
  double c_prime = 0.3;
  double rho = 0.5;
  bool heteroskedastic = true;
  double noise = 1.0;  // multiplies the error w of Y (power of the b path)
};

// Dataset number `replicate` of the process for `seed` (stream kSimulation):
// outcome "y", treatment "x", mediators "m1".."mK", control "c".
MediationInput SimulateMediationPanel(const MediationDgp& dgp, uint64_t seed, uint64_t replicate);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_MEDIATION_SIMULATION_H_
