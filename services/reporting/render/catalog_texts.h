#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_CATALOG_TEXTS_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_CATALOG_TEXTS_H_

// The message catalogs, one per report language (catalog_en.cc, catalog_zh.cc). Each is
// a list of key -> text; {0}, {1}, ... in a text are filled by FormatMessage
// (message_catalog.h), in whatever order the language puts them. A new language is a
// new catalog_xx.cc with every key of the English one (tests/render/message_catalog_test.cc
// checks that) plus one line in CatalogFor (message_catalog.cc).

#include <cstddef>

namespace govmetrics::reporting {

struct CatalogText {
  const char* key;
  const char* text;
};

struct Catalog {
  const CatalogText* texts;
  std::size_t size;
};

Catalog EnglishCatalog();
Catalog ChineseCatalog();

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_CATALOG_TEXTS_H_
