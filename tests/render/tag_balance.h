#ifndef GOVMETRICS_TESTS_RENDER_TAG_BALANCE_H_
#define GOVMETRICS_TESTS_RENDER_TAG_BALANCE_H_

// A tiny markup checker for the tests: every start tag has its end tag, properly
// nested; HTML void elements and "/>" need none; comments, <!DOCTYPE> and the raw text
// of <style> are skipped. Returns "" when balanced, else what went wrong and where.

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

namespace govmetrics::reporting::testing {

inline std::string CheckTagBalance(const std::string& markup) {
  static const std::set<std::string> kVoid = {"area",   "base",  "br",    "col",  "embed",
                                              "hr",     "img",   "input", "link", "meta",
                                              "source", "track", "wbr"};
  std::vector<std::string> stack;
  size_t i = 0;
  while ((i = markup.find('<', i)) != std::string::npos) {
    if (markup.compare(i, 4, "<!--") == 0) {
      const size_t end = markup.find("-->", i);
      if (end == std::string::npos) return "unterminated comment at " + std::to_string(i);
      i = end + 3;
      continue;
    }
    // Find the end of the tag, honouring quoted attribute values.
    size_t j = i + 1;
    char quote = 0;
    for (; j < markup.size(); ++j) {
      const char c = markup[j];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        break;
      }
    }
    if (j >= markup.size()) return "unterminated tag at " + std::to_string(i);
    const std::string tag = markup.substr(i + 1, j - i - 1);
    i = j + 1;
    if (tag.empty()) return "empty tag at " + std::to_string(i);
    if (tag[0] == '!' || tag[0] == '?') continue;
    const bool closing = tag[0] == '/';
    size_t k = closing ? 1 : 0;
    std::string name;
    while (k < tag.size() &&
           (std::isalnum(static_cast<unsigned char>(tag[k])) || tag[k] == '-' || tag[k] == ':')) {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(tag[k])));
      ++k;
    }
    if (name.empty()) return "tag without a name: <" + tag + ">";
    if (closing) {
      if (stack.empty()) return "</" + name + "> closes nothing";
      if (stack.back() != name) return "</" + name + "> closes <" + stack.back() + ">";
      stack.pop_back();
      continue;
    }
    if (tag.back() == '/' || kVoid.count(name) > 0) continue;
    stack.push_back(name);
    if (name == "style" || name == "script") {
      const size_t end = markup.find("</" + name, i);
      if (end == std::string::npos) return "unterminated <" + name + ">";
      i = end;
    }
  }
  if (!stack.empty())
    return "unclosed <" + stack.back() + "> (" + std::to_string(stack.size()) + " open)";
  return "";
}

// Occurrences of `needle` in `haystack`.
inline int CountOf(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t i = haystack.find(needle); i != std::string::npos;
       i = haystack.find(needle, i + needle.size()))
    ++n;
  return n;
}

}  // namespace govmetrics::reporting::testing

#endif  // GOVMETRICS_TESTS_RENDER_TAG_BALANCE_H_
