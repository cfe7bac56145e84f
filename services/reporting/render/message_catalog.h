#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_MESSAGE_CATALOG_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_MESSAGE_CATALOG_H_

// The report's words, from one message catalog per language (catalog_texts.h):
// - the options a study resolved, keyed by what the services write into provenance:
//   "label.method" for an option's name, "method.WEIGHTING_METHOD_ENTROPY" or
//   "variance.cluster" for a value (raw enum names never reach a reader);
// - the study's prose: "<step>.<what>" ("baseline.summary"), with {0}, {1}, ... for the
//   numbers and names FormatMessage fills in, in the order each language needs.
// A new language is a new catalog; a new enum value one more key in every catalog
// (tests/render/message_catalog_test.cc checks both). Renderers' fixed words stay in
// render_i18n.h.

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "govmetrics/common/v1/provenance.pb.h"
#include "govmetrics/reporting/v1/study_spec.pb.h"

namespace govmetrics::reporting {

// The catalog's text for `key`, or nullopt when the catalog has no such key.
std::optional<std::string> FindMessage(reporting::v1::Language language, absl::string_view key);

// The reader's words for option `name` having `value` ("method",
// "WEIGHTING_METHOD_ENTROPY" -> "entropy weights" / "熵值法"). A value the catalog does
// not list (a number, a column name, "t(30)") is returned as it is.
std::string OptionValueText(reporting::v1::Language language, absl::string_view name,
                            absl::string_view value);

// "label value" for one option: "method: entropy weights" / "赋权方法：熵值法".
std::string OptionPhrase(reporting::v1::Language language, absl::string_view name,
                         absl::string_view value);

// Catalog text for `key` ("punct.separator", "punct.end"); `key` itself when missing.
std::string Message(reporting::v1::Language language, absl::string_view key);

// `key`'s text with {0}, {1}, ... replaced by args[0], args[1], ...
std::string FormatMessage(reporting::v1::Language language, absl::string_view key,
                          const std::vector<std::string>& args);

// English sentences start with a capital; the labels are written for mid-sentence use.
std::string CapitalizeFirst(std::string text);

// One sentence naming the resolved options `names` (in that order, those present):
// "Method: entropy weights; pooling: all years together; shift 0.0001; ..." /
// "赋权方法：熵值法；计算范围：全部年份合并；平移量 0.0001；……".
std::string OptionsNote(reporting::v1::Language language, const common::v1::Provenance& provenance,
                        const std::vector<std::string>& names);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_MESSAGE_CATALOG_H_
