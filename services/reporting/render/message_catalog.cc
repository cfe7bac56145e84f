#include "services/reporting/render/message_catalog.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/reporting/render/catalog_texts.h"

namespace govmetrics::reporting {
namespace {

const absl::flat_hash_map<std::string, std::string>* Index(Catalog catalog) {
  auto* index = new absl::flat_hash_map<std::string, std::string>;
  for (std::size_t i = 0; i < catalog.size; ++i) index->emplace(catalog.texts[i].key, catalog.texts[i].text);
  return index;
}

// The catalog of each report language; English for any other value.
const absl::flat_hash_map<std::string, std::string>& CatalogFor(reporting::v1::Language language) {
  static const auto* const english = Index(EnglishCatalog());
  static const auto* const chinese = Index(ChineseCatalog());
  switch (language) {
    case reporting::v1::LANGUAGE_ZH: return *chinese;
    default: return *english;
  }
}

}  // namespace

std::optional<std::string> FindMessage(reporting::v1::Language language, absl::string_view key) {
  const auto& catalog = CatalogFor(language);
  auto it = catalog.find(key);
  if (it != catalog.end()) return it->second;
  return std::nullopt;
}

std::string Message(reporting::v1::Language language, absl::string_view key) {
  return FindMessage(language, key).value_or(std::string(key));
}

std::string OptionValueText(reporting::v1::Language language, absl::string_view name,
                            absl::string_view value) {
  return FindMessage(language, absl::StrCat(name, ".", value)).value_or(std::string(value));
}

std::string OptionPhrase(reporting::v1::Language language, absl::string_view name,
                         absl::string_view value) {
  const std::string label =
      FindMessage(language, absl::StrCat("label.", name)).value_or(absl::StrCat(name, ": "));
  return label + OptionValueText(language, name, value);
}

std::string CapitalizeFirst(std::string text) {
  if (!text.empty()) text[0] = absl::ascii_toupper(static_cast<unsigned char>(text[0]));
  return text;
}

std::string OptionsNote(reporting::v1::Language language, const common::v1::Provenance& provenance,
                        const std::vector<std::string>& names) {
  std::string note;
  for (const std::string& name : names) {
    for (const auto& option : provenance.resolved_options()) {
      if (option.name() != name) continue;
      if (!note.empty()) note += Message(language, "punct.separator");
      note += OptionPhrase(language, name, option.value());
    }
  }
  return CapitalizeFirst(note);
}

}  // namespace govmetrics::reporting

namespace govmetrics::reporting {

std::string FormatMessage(reporting::v1::Language language, absl::string_view key,
                          const std::vector<std::string>& args) {
  const std::string text = Message(language, key);
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const size_t close = text[i] == '{' ? text.find('}', i) : std::string::npos;
    size_t n = 0;
    if (close != std::string::npos && close > i + 1 &&
        absl::SimpleAtoi(absl::string_view(text).substr(i + 1, close - i - 1), &n) && n < args.size()) {
      out += args[n];
      i = close;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace govmetrics::reporting
