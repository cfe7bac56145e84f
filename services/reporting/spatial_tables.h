#ifndef GOVMETRICS_SERVICES_REPORTING_SPATIAL_TABLES_H_
#define GOVMETRICS_SERVICES_REPORTING_SPATIAL_TABLES_H_

// The tables, charts and sentences of the spatial spillover section, each a pure function
// of AnalyzeSpatialAutocorrelation / FitSpatialPanel responses (spatial_step.cc).

#include <string>

#include "govmetrics/modeling/v1/modeling_service.pb.h"
#include "services/reporting/report_fragment.h"
#include "services/reporting/spatial_model_choice.h"
#include "services/reporting/study_design.h"

namespace govmetrics::reporting {

// LISA significance level (two-sided p of I_i), as GeoDa's cluster maps.
inline constexpr double kLisaLevel = 0.05;

// "moran_<v>": Moran's I and Geary's C per period, randomisation z and one-sided p, and
// Moran's permutation p.
rv1::Table* MoranTable(const StudyDesign& design, const std::string& column,
                       const modeling::v1::AnalyzeSpatialAutocorrelationResponse& response, ReportFragment& fragment);
// "lisa_<v>": significant High-High / Low-Low / Low-High / High-Low entities per period.
rv1::Table* LisaCountTable(const StudyDesign& design, const std::string& column,
                           const modeling::v1::AnalyzeSpatialAutocorrelationResponse& response,
                           ReportFragment& fragment);
// "lisa_members_<v>": the last period's significant entities by quadrant.
rv1::Table* LisaMemberTable(const StudyDesign& design, const std::string& column,
                            const modeling::v1::AnalyzeSpatialAutocorrelationResponse& response,
                            ReportFragment& fragment);
// "moran_trend": Moran's I by period, one series per variable (AddMoranSeries).
rv1::Chart* MoranTrendChart(const StudyDesign& design, ReportFragment& fragment);
void AddMoranSeries(const StudyDesign& design, const std::string& column,
                    const modeling::v1::AnalyzeSpatialAutocorrelationResponse& response, rv1::Chart* chart);
void AddMoranSummary(const StudyDesign& design, const std::string& column,
                     const modeling::v1::AnalyzeSpatialAutocorrelationResponse& response, const rv1::Table& moran,
                     rv1::Section* section);

// "spatial_tests": LM tests on the non-spatial model, then the SDM's Wald / LR tests.
rv1::Table* SpatialTestsTable(const StudyDesign& design, const modeling::v1::FitSpatialPanelResponse& sdm,
                              ReportFragment& fragment);
// "spatial_model": the chosen model's coefficients (estimate over SE) and fit rows.
rv1::Table* SpatialModelTable(const StudyDesign& design, modeling::v1::SpatialPanelModel model,
                              const modeling::v1::FitSpatialPanelResponse& fit, ReportFragment& fragment);
// "spatial_effects": direct, indirect, total effects (estimate over simulated SE).
rv1::Table* SpatialEffectsTable(const StudyDesign& design, const modeling::v1::FitSpatialPanelResponse& fit,
                                ReportFragment& fragment);
void AddSpilloverSummary(const StudyDesign& design, const SpatialModelChoice& choice,
                         const modeling::v1::FitSpatialPanelResponse& fit, const rv1::Table& effects,
                         rv1::Section* section);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_SPATIAL_TABLES_H_
