#ifndef GOVMETRICS_SERVICES_WORKSPACE_STORED_PERIOD_RUNS_H_
#define GOVMETRICS_SERVICES_WORKSPACE_STORED_PERIOD_RUNS_H_

// A stored chunk's periods as runs of consecutive periods (dataset_parts.h:
// PeriodRunsPart), written at upload by the rule a COLUMNAR read with run_length_codes
// applies to the stored periods (PeriodRunsOf, one definition for both), so such a read
// takes the runs as stored instead of decoding one varint per row: once the entity names
// were no longer coded per row (stored_entity_runs.h), that decoding was ~7% of the
// workspace's CPU per read. Stored as (start, length) varint pairs, the start as its 32
// bits. A dataset without the part (uploaded before it) has its periods decoded as before.

#include <string>

#include "services/workspace/value_runs.h"

namespace govmetrics::workspace {

// The period part (packed int32 varints) as runs of consecutive periods, appended to
// `runs`, in one pass; false when a varint is malformed. A panel sorted by entity and
// period has one run per entity (two for a gap in its periods).
bool PeriodRunsOf(const std::string& period_part, ValueRuns* runs);

// The period runs part of a chunk whose period part is `period_part` (as an upload wrote
// it: well formed).
std::string PeriodRunsPartOf(const std::string& period_part);

// A stored period runs part appended to `runs`; false when it cannot be what an upload
// wrote (a truncated varint, an empty run, a run past int32).
bool DecodePeriodRuns(const std::string& part, ValueRuns* runs);

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_STORED_PERIOD_RUNS_H_
