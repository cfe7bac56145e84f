#ifndef GOVMETRICS_SERVICES_REPORTING_COUPLING_SECTION_H_
#define GOVMETRICS_SERVICES_REPORTING_COUPLING_SECTION_H_

// The coupling coordination degree of two study variables (StudySpec.coupling), part of
// what agencies publish: IndexService.ComputeCouplingCoordination per entity and period
// (C = 2 sqrt(U1 U2)/(U1 + U2), T = a U1 + (1 - a) U2, D = sqrt(C T)), each D classified
// in Liao's (1999) ten bands (common/stats/coupling_coordination.h), and the band counts
// by period.

#include "absl/status/status.h"
#include "services/reporting/report_fragment.h"
#include "services/reporting/request_plan.h"
#include "services/reporting/study_design.h"

namespace govmetrics::reporting {

inline constexpr char kCouplingKey[] = "coupling/degree";

// Adds the request when the spec asks for coupling.
void PlanCoupling(const StudyDesign& design, RequestPlan& plan);

// The `coupling` section: tables `coupling` (entity x period: U1, U2, C, T, D, class)
// and `coupling_bands` (class x period counts), and a summary sentence.
absl::Status BuildCouplingSection(const StudyDesign& design, const ResponseSet& responses,
                                  ReportFragment& fragment);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_COUPLING_SECTION_H_
