#ifndef GOVMETRICS_CLIENTS_CLI_CHOICE_TABLE_H_
#define GOVMETRICS_CLIENTS_CLI_CHOICE_TABLE_H_

// A closed set of command-line words and the contract enum each stands for, defined
// once: the help and completion list the words (Names), the request gets the enum
// (ValueOf). Words are kebab-case, like option names.

#include <string>
#include <utility>
#include <vector>

namespace govmetrics::cli {

template <typename E>
using ChoiceTable = std::vector<std::pair<std::string, E>>;

template <typename E>
std::vector<std::string> Names(const ChoiceTable<E>& table) {
  std::vector<std::string> names;
  for (const auto& [name, value] : table) names.push_back(name);
  return names;
}

// The enum for `word`. AddChoice has already refused anything else, so an unknown
// word is a programming error; it maps to the first entry rather than crash.
template <typename E>
E ValueOf(const ChoiceTable<E>& table, const std::string& word) {
  for (const auto& [name, value] : table) {
    if (name == word) return value;
  }
  return table.front().second;
}

// The word for `value` (the first, when synonyms share it), or "" if none.
template <typename E>
std::string NameOf(const ChoiceTable<E>& table, E value) {
  for (const auto& [name, v] : table) {
    if (v == value) return name;
  }
  return "";
}

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_CHOICE_TABLE_H_
