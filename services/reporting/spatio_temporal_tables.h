#ifndef GOVMETRICS_SERVICES_REPORTING_SPATIO_TEMPORAL_TABLES_H_
#define GOVMETRICS_SERVICES_REPORTING_SPATIO_TEMPORAL_TABLES_H_

// The tables and charts of the spatio-temporal section, each a pure function of one
// variable's AnalyzeDisparity response (spatio_temporal_step.cc puts them together).

#include <string>

#include "govmetrics/index/v1/index_service.pb.h"
#include "services/reporting/report_fragment.h"
#include "services/reporting/study_design.h"

namespace govmetrics::reporting {

// Kernel density evaluation points per period in the study's request: enough for a
// smooth ridgeline, few enough for the chart's data table.
inline constexpr int kDensityGridPoints = 64;

// "dagum_<v>": Gini, within, net between, transvariation and their shares (%) per period
// (only Gini without a group label).
rv1::Table* DagumTable(const StudyDesign& design, const std::string& column,
                       const index::v1::AnalyzeDisparityResponse& response, ReportFragment& fragment);
// "dagum_groups_<v>": within-group Gini per group and between-group Gini per pair.
rv1::Table* GroupGiniTable(const StudyDesign& design, const std::string& column,
                           const index::v1::AnalyzeDisparityResponse& response, ReportFragment& fragment);
// "dispersion_<v>": Theil T (within, between), CV per period.
rv1::Table* DispersionTable(const StudyDesign& design, const std::string& column,
                            const index::v1::AnalyzeDisparityResponse& response, ReportFragment& fragment);
// "beta_<v>": absolute and conditional beta-convergence.
rv1::Table* ConvergenceTable(const StudyDesign& design, const std::string& column,
                             const index::v1::AnalyzeDisparityResponse& response, ReportFragment& fragment);
// "markov_<v>": transition probabilities (then one block per neighbours' class).
rv1::Table* MarkovTable(const StudyDesign& design, const std::string& column,
                        const index::v1::AnalyzeDisparityResponse& response, ReportFragment& fragment);
// "gini_trend_<v>": overall and within-group Gini over the periods.
rv1::Chart* GiniTrendChart(const StudyDesign& design, const std::string& column,
                           const index::v1::AnalyzeDisparityResponse& response, ReportFragment& fragment);
// "density_<v>": the kernel densities of the periods stacked on their common grid.
rv1::Chart* DensityRidgelineChart(const StudyDesign& design, const std::string& column,
                                  const index::v1::AnalyzeDisparityResponse& response, ReportFragment& fragment);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_SPATIO_TEMPORAL_TABLES_H_
