#ifndef GOVMETRICS_CLIENTS_CLI_STUDY_OUTPUT_H_
#define GOVMETRICS_CLIENTS_CLI_STUDY_OUTPUT_H_

// What `govmetrics study` and `govmetrics operations wait|get` do with a finished study:
// write every document under the output directory and print the headline results.

#include <string>

#include "absl/status/status.h"
#include "govmetrics/reporting/v1/reporting_service.pb.h"

namespace govmetrics::cli {

absl::Status WriteDocuments(const reporting::v1::RunStudyResponse& response, const std::string& out);
void PrintHeadlines(const reporting::v1::RunStudyResponse& result, const std::string& out);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_STUDY_OUTPUT_H_
