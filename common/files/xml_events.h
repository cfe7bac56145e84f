#ifndef GOVMETRICS_COMMON_FILES_XML_EVENTS_H_
#define GOVMETRICS_COMMON_FILES_XML_EVENTS_H_

// Streams an XML document (expat) as start/end/text events with namespace prefixes
// removed ("x:c" -> "c": some writers prefix the SpreadsheetML namespace, most do not).
// Used by the .xlsx reader for the workbook, shared strings, styles and sheets.

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace govmetrics::files {

class XmlAttributes {
 public:
  explicit XmlAttributes(const char** attributes) : attributes_(attributes) {}
  // Value of attribute `name` (prefix ignored), or "" when absent.
  absl::string_view Get(absl::string_view name) const;

 private:
  const char** attributes_;
};

struct XmlHandlers {
  std::function<void(absl::string_view name, const XmlAttributes& attributes)> start;
  std::function<void(absl::string_view name)> end;
  std::function<void(absl::string_view text)> text;
};

// INVALID_ARGUMENT "<part>: malformed XML at line N: <expat message>" on bad XML.
// A handler stops the parse early by making `*stop` true (e.g. after an error it records).
absl::Status ParseXml(absl::string_view xml, const std::string& part, const XmlHandlers& handlers,
                      const bool* stop = nullptr);

// "x:c" -> "c".
absl::string_view LocalName(absl::string_view qualified);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_XML_EVENTS_H_
