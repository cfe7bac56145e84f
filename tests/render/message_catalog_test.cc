// The report's words for resolved options: every value the index service can resolve
// has words in every report language, and the notes read as the reader's language.
#include "services/reporting/render/message_catalog.h"

#include <set>

#include <regex>
#include <string>

#include "gtest/gtest.h"
#include "services/reporting/render/catalog_texts.h"
#include "govmetrics/index/v1/index_service.pb.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;

constexpr rv1::Language kLanguages[] = {rv1::LANGUAGE_EN, rv1::LANGUAGE_ZH};

common::v1::Provenance IndexProvenance() {
  common::v1::Provenance provenance;
  for (const auto& [name, value] : {std::pair<const char*, const char*>{"hierarchy", "HIERARCHY_FLAT"},
                                    {"method", "WEIGHTING_METHOD_ENTROPY"},
                                    {"missing_policy", "MISSING_POLICY_REJECT"},
                                    {"pooling", "POOLING_POOLED"},
                                    {"shift", "0.0001"}}) {
    auto* option = provenance.add_resolved_options();
    option->set_name(name);
    option->set_value(value);
  }
  return provenance;
}

// Every named value of `descriptor` except *_UNSPECIFIED has words in every language.
void ExpectEveryValueHasWords(const std::string& option,
                              const google::protobuf::EnumDescriptor* descriptor) {
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const std::string value = descriptor->value(i)->name();
    if (value.find("UNSPECIFIED") != std::string::npos) continue;
    for (const rv1::Language language : kLanguages) {
      const auto text = FindMessage(language, option + "." + value);
      ASSERT_TRUE(text.has_value()) << option << "." << value << " has no words";
      EXPECT_EQ(text->find('_'), std::string::npos) << *text;
    }
  }
}

TEST(MessageCatalog, EveryIndexOptionValueHasWordsInEveryLanguage) {
  ExpectEveryValueHasWords("method", index::v1::WeightingMethod_descriptor());
  ExpectEveryValueHasWords("pooling", index::v1::Pooling_descriptor());
  ExpectEveryValueHasWords("hierarchy", index::v1::Hierarchy_descriptor());
  ExpectEveryValueHasWords("missing_policy", index::v1::MissingPolicy_descriptor());
}

TEST(MessageCatalog, EnglishIndexNoteReadsAsASentence) {
  EXPECT_EQ(OptionsNote(rv1::LANGUAGE_EN, IndexProvenance(), {"method", "pooling", "shift"}),
            "Method: entropy weights; pooling: all years together; shift 0.0001");
}

TEST(MessageCatalog, ChineseIndexNoteUsesChineseWordsAndPunctuation) {
  EXPECT_EQ(OptionsNote(rv1::LANGUAGE_ZH, IndexProvenance(), {"method", "pooling", "shift", "hierarchy"}),
            "赋权方法：熵值法；计算范围：全部年份合并；平移量 0.0001；层级结构：单层");
}

TEST(MessageCatalog, NotesFollowTheRequestedOrderAndSkipAbsentOptions) {
  EXPECT_EQ(OptionsNote(rv1::LANGUAGE_EN, IndexProvenance(), {"shift", "absent", "method"}),
            "Shift 0.0001; method: entropy weights");
}

TEST(MessageCatalog, NoNoteCarriesAnEnumName) {
  const std::regex enum_name("[A-Z]{2,}_[A-Z_]+");
  for (const rv1::Language language : kLanguages) {
    const std::string note = OptionsNote(language, IndexProvenance(),
                                         {"method", "pooling", "shift", "hierarchy", "missing_policy"});
    EXPECT_FALSE(std::regex_search(note, enum_name)) << note;
  }
}

TEST(MessageCatalog, VarianceWordsAndUnknownValuesPassThrough) {
  EXPECT_EQ(OptionPhrase(rv1::LANGUAGE_EN, "variance", "cluster"), "standard errors: clustered");
  EXPECT_EQ(OptionPhrase(rv1::LANGUAGE_ZH, "variance", "driscoll_kraay"), "标准误：Driscoll-Kraay");
  EXPECT_EQ(OptionValueText(rv1::LANGUAGE_ZH, "distribution", "t(30)"), "t(30)");
  EXPECT_EQ(OptionValueText(rv1::LANGUAGE_ZH, "distribution", "normal"), "正态分布");
}

// The {0}, {1}, ... a text uses.
std::set<std::string> Placeholders(const std::string& text) {
  std::set<std::string> found;
  const std::regex placeholder("\\{[0-9]+\\}");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder); it != std::sregex_iterator(); ++it) {
    found.insert(it->str());
  }
  return found;
}

TEST(MessageCatalog, EveryLanguageHasEveryEnglishKeyWithTheSamePlaceholders) {
  const Catalog english = EnglishCatalog();
  ASSERT_GT(english.size, 100u);
  for (std::size_t i = 0; i < english.size; ++i) {
    const CatalogText& text = english.texts[i];
    for (const rv1::Language language : kLanguages) {
      const auto translated = FindMessage(language, text.key);
      ASSERT_TRUE(translated.has_value()) << text.key << " missing in language " << language;
      EXPECT_EQ(Placeholders(*translated), Placeholders(text.text)) << text.key;
    }
  }
  // No language has keys English lacks (a typo would silently never be used).
  const Catalog chinese = ChineseCatalog();
  EXPECT_EQ(chinese.size, english.size);
}

TEST(MessageCatalog, FormatFillsPlaceholdersInEachLanguagesOrder) {
  EXPECT_EQ(FormatMessage(rv1::LANGUAGE_EN, "robustness.summary", {"5", "7"}),
            "In 5 of 7 checks the coefficient keeps the baseline sign and is significant at 5%.");
  EXPECT_EQ(FormatMessage(rv1::LANGUAGE_ZH, "indices.weights_title", {"数字赋能"}), "指标权重：数字赋能");
  // Arguments that themselves contain braces are not expanded again.
  EXPECT_EQ(FormatMessage(rv1::LANGUAGE_EN, "indices.weights_title", {"{1}"}), "Indicator weights: {1}");
  // A missing argument leaves the placeholder visible rather than crashing.
  EXPECT_EQ(FormatMessage(rv1::LANGUAGE_EN, "indices.weights_title", {}), "Indicator weights: {0}");
}

}  // namespace
}  // namespace govmetrics::reporting
