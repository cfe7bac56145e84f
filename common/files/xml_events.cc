#include "common/files/xml_events.h"

#include <expat.h>

#include <memory>

#include "absl/strings/str_cat.h"

namespace govmetrics::files {
namespace {

struct ParserContext {
  const XmlHandlers* handlers;
  XML_Parser parser;
  const bool* stop;
};

void StopIfAsked(ParserContext* ctx) {
  if (ctx->stop != nullptr && *ctx->stop) XML_StopParser(ctx->parser, XML_FALSE);
}

void OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
  auto* ctx = static_cast<ParserContext*>(data);
  if (ctx->handlers->start) ctx->handlers->start(LocalName(name), XmlAttributes(attributes));
  StopIfAsked(ctx);
}

void OnEnd(void* data, const XML_Char* name) {
  auto* ctx = static_cast<ParserContext*>(data);
  if (ctx->handlers->end) ctx->handlers->end(LocalName(name));
  StopIfAsked(ctx);
}

void OnText(void* data, const XML_Char* text, int length) {
  auto* ctx = static_cast<ParserContext*>(data);
  if (ctx->handlers->text) ctx->handlers->text(absl::string_view(text, static_cast<size_t>(length)));
}

}  // namespace

absl::string_view LocalName(absl::string_view qualified) {
  const size_t colon = qualified.find(':');
  return colon == absl::string_view::npos ? qualified : qualified.substr(colon + 1);
}

absl::string_view XmlAttributes::Get(absl::string_view name) const {
  for (const char** a = attributes_; a != nullptr && a[0] != nullptr; a += 2) {
    if (LocalName(a[0]) == name) return a[1];
  }
  return {};
}

absl::Status ParseXml(absl::string_view xml, const std::string& part, const XmlHandlers& handlers,
                      const bool* stop) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> parser(XML_ParserCreate("UTF-8"),
                                                                                  XML_ParserFree);
  if (!parser) return absl::ResourceExhaustedError("cannot allocate an XML parser");
  ParserContext ctx{&handlers, parser.get(), stop};
  XML_SetUserData(parser.get(), &ctx);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  // Parsed in slices: XML_Parse takes an int length.
  constexpr size_t kSlice = size_t{1} << 30;
  size_t offset = 0;
  do {
    const size_t n = std::min(kSlice, xml.size() - offset);
    const bool last = offset + n == xml.size();
    const XML_Status status = XML_Parse(parser.get(), xml.data() + offset, static_cast<int>(n), last);
    if (status == XML_STATUS_SUSPENDED || (status == XML_STATUS_ERROR &&
                                           XML_GetErrorCode(parser.get()) == XML_ERROR_ABORTED)) {
      return absl::OkStatus();  // a handler stopped the parse and holds its own error
    }
    if (status != XML_STATUS_OK) {
      return absl::InvalidArgumentError(absl::StrCat(part, ": malformed XML at line ",
                                                     XML_GetCurrentLineNumber(parser.get()), ": ",
                                                     XML_ErrorString(XML_GetErrorCode(parser.get()))));
    }
    offset += n;
  } while (offset < xml.size());
  return absl::OkStatus();
}

}  // namespace govmetrics::files
