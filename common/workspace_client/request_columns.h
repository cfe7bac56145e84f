#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_REQUEST_COLUMNS_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_REQUEST_COLUMNS_H_

// Which of a dataset's columns a compute request uses, so that only those move from the
// workspace. Every request names the columns it uses by name (dependent, regressors,
// indicators, mediators, group labels, weights columns...), so a column the call uses is
// a string somewhere in the request: the selection is every dataset column and label
// whose name occurs as a string value anywhere in the request. This over-selects at
// worst (a title that happens to equal a column name), never under-selects, and needs no
// list per RPC that a new request field could silently outgrow.

#include "google/protobuf/message.h"
#include "govmetrics/workspace/v1/workspace_service.pb.h"

namespace govmetrics::workspace_client {

// Fills read->columns and read->labels with the dataset's columns and labels that
// `request` names (in the dataset's order). When it names none, both stay empty, which
// ReadDataset answers with every column.
void SelectNamedColumns(const workspace::v1::Dataset& dataset,
                        const google::protobuf::Message& request,
                        workspace::v1::ReadDatasetRequest* read);

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_REQUEST_COLUMNS_H_
