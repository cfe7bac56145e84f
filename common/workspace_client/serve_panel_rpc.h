#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_SERVE_PANEL_RPC_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_SERVE_PANEL_RPC_H_

// How the index and modeling services serve every RPC that takes a panel: inline, the
// call runs as it always did (ServeUnary, unary_reactor.h); by reference, the call is
// offloaded (it waits on the workspace), the dataset's named columns are read
// (panel_source.h), and the computation sees a request whose panel is the read one,
// lent without a copy, with provenance reporting the dataset's fingerprint.

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/contracts/provenance.h"
#include "common/rpc/unary_reactor.h"
#include "common/workspace_client/dataset_field_paths.h"
#include "common/workspace_client/panel_source.h"

namespace govmetrics::workspace_client {

namespace internal {

// A copy of a by-reference request (no panel in it, so the copy is small) with the read
// panel lent into it; the panel is taken back before the copy dies, so the shared (and
// cached) panel is never freed or modified by it.
template <typename Request>
class LentPanelRequest {
 public:
  LentPanelRequest(const Request& original, const DatasetPanel& source) : source_(source) {
    request_.CopyFrom(original);
    request_.clear_dataset();
    request_.unsafe_arena_set_allocated_panel(const_cast<common::v1::Panel*>(source_.panel.get()));
  }
  ~LentPanelRequest() { (void)request_.unsafe_arena_release_panel(); }
  LentPanelRequest(const LentPanelRequest&) = delete;
  LentPanelRequest& operator=(const LentPanelRequest&) = delete;
  const Request& request() const { return request_; }

 private:
  const DatasetPanel& source_;
  Request request_;
};

template <typename Response>
absl::Status Deliver(absl::StatusOr<Response> result, Response* response, rpc::RpcStats* stats) {
  if (!result.ok()) return result.status();
  response->Swap(&*result);
  stats->input_fingerprint = response->provenance().input_fingerprint();
  return absl::OkStatus();
}

}  // namespace internal

// `compute(const Request&) -> absl::StatusOr<Response>` does the work; `reader` may be
// null (by-reference calls are then refused).
template <typename Request, typename Response, typename Compute>
grpc::ServerUnaryReactor* ServePanelRpc(grpc::CallbackServerContext* context, const char* method,
                                        const Request* request, Response* response,
                                        const DatasetReader* reader, Compute compute) {
  if (request->dataset().empty()) {
    return rpc::ServeUnary(context, method, [=](rpc::RpcStats* stats) {
      stats->rows = request->panel().entity_size();
      return internal::Deliver(compute(*request), response, stats);
    });
  }
  auto by_reference = [=](rpc::RpcStats* stats) -> absl::Status {
    auto source = ReadReferencedDataset(*context, request->dataset(), request->has_panel(),
                                        request, reader);
    if (!source.ok()) return source.status();
    stats->rows = source->panel->entity_size();
    internal::LentPanelRequest<Request> lent(*request, *source);
    contracts::KnownFingerprint known(source->panel.get(), source->fingerprint);
    auto status = internal::Deliver(compute(lent.request()), response, stats);
    status = InDatasetTerms(std::move(status), NamesOf(*source->panel));
    if (status.ok()) response->mutable_provenance()->set_input_fingerprint(source->fingerprint);
    stats->input_fingerprint = source->fingerprint;
    return status;
  };
  return rpc::ServeUnary(context, method, by_reference, /*offload=*/true);
}

// As ServePanelRpc, for a computation that also runs on a panel in columnar form:
// `on_columns(const Request&, const contracts::ColumnarPanel&, std::string fingerprint,
// contracts::ColumnarPanel* consumable) -> absl::StatusOr<Response>`, `consumable` being
// the same columns when the cache did not keep them (the computation may free them as it
// goes), else null. By reference, the dataset's named columns stream straight into
// columns (DatasetReader::ReadColumns), never into a Panel, `engine_order`'s first (the
// layout the computation takes over without a copy): what lets a 1e8-row dataset be
// fitted in less than twice the memory of the columns the model uses.
template <typename Request, typename Response, typename Compute, typename ComputeOnColumns>
grpc::ServerUnaryReactor* ServeColumnarPanelRpc(grpc::CallbackServerContext* context,
                                                const char* method, const Request* request,
                                                Response* response, const DatasetReader* reader,
                                                std::vector<std::string> engine_order,
                                                Compute compute, ComputeOnColumns on_columns) {
  if (request->dataset().empty()) {
    return ServePanelRpc(context, method, request, response, reader, compute);
  }
  auto by_reference = [=](rpc::RpcStats* stats) -> absl::Status {
    auto source = ReadReferencedColumns(*context, request->dataset(), request->has_panel(),
                                        *request, reader, engine_order);
    if (!source.ok()) return source.status();
    stats->rows = source->columns->rows();
    stats->input_fingerprint = source->fingerprint;
    ReadPanelNames names{source->columns->column_names, source->columns->label_names};
    return InDatasetTerms(
        internal::Deliver(on_columns(*request, *source->columns, source->fingerprint,
                                     source->exclusive.get()),
                          response, stats),
        names);
  };
  return rpc::ServeUnary(context, method, by_reference, /*offload=*/true);
}

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_SERVE_PANEL_RPC_H_
