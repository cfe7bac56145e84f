// Stock and Yogo (2005) critical values for the weak-instrument F statistics
// (Cragg-Donald Wald F; by convention also quoted beside the Kleibergen-Paap
// rk Wald F, for which they were not derived).
#ifndef GOVMETRICS_COMMON_STATS_PANEL_STOCK_YOGO_H_
#define GOVMETRICS_COMMON_STATS_PANEL_STOCK_YOGO_H_

#include <vector>

#include "common/stats/panel/iv_diagnostics_result.h"

namespace govmetrics::stats {

// The 2SLS critical values (5% test) that apply to K1 endogenous regressors
// and L1 excluded instruments: relative bias 5/10/20/30% (Table 5.1: K1 <= 3,
// L1 >= K1 + 2) and Wald-test size 10/15/20/25% (Table 5.2: K1 <= 2,
// L1 >= K1), for L1 <= 30, the range of the published tables. Empty when no
// case applies.
std::vector<StockYogoCriticalValue> StockYogoCriticalValues(int k1, int l1);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_STOCK_YOGO_H_
