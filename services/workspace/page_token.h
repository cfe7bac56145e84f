#ifndef GOVMETRICS_SERVICES_WORKSPACE_PAGE_TOKEN_H_
#define GOVMETRICS_SERVICES_WORKSPACE_PAGE_TOKEN_H_

// List pagination (AIP-158): a page token is the opaque position after the last item
// returned (a sort key), so pages stay correct while items are added or deleted.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/workspace/sql_database.h"

namespace govmetrics::workspace {

// The effective page size: `requested` when in 1..max, `fallback` when 0, INVALID_ARGUMENT
// when negative.
absl::StatusOr<int> PageSize(int requested, int fallback, int max);

// A (time, id) position and its token (base64 of "time:id").
struct PagePosition {
  int64_t time = 0;
  std::string id;
};
std::string EncodePageToken(const PagePosition& position);
// Empty token -> nullopt-like default with time = INT64_MAX (start at the newest).
absl::StatusOr<PagePosition> DecodePageToken(absl::string_view token);

// A page of a newest-first listing ordered by (create_time, id), the order datasets and
// operations are listed in.
struct NewestFirstPage {
  int size = 0;
  PagePosition after;
};
absl::StatusOr<NewestFirstPage> ParseNewestFirstPage(int page_size, absl::string_view token);
// The SQL that follows the listing's own WHERE conditions; its parameters come from
// AppendPageParams. It asks for one row more than the page, to know if another follows.
inline constexpr char kNewestFirstPageSql[] =
    " AND (create_time < ? OR (create_time = ? AND id < ?)) ORDER BY create_time DESC, id DESC "
    "LIMIT ?";
void AppendPageParams(const NewestFirstPage& page, SqlParams* params);
// The next page's token ("" on the last page) from the rows the query returned.
std::string NextPageToken(const NewestFirstPage& page, const std::vector<SqlRow>& rows,
                          int time_column, int id_column);

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_PAGE_TOKEN_H_
