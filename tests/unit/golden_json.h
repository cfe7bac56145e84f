// A small JSON reader for the golden files (nlohmann-json is not available):
// objects, arrays, strings (with \" \\ \/ \b \f \n \r \t \uXXXX escapes, BMP
// only), numbers (strtod), true, false, null. Strict enough to reject
// truncated files; not a general-purpose validator.
#ifndef GOVMETRICS_TESTS_UNIT_GOLDEN_JSON_H_
#define GOVMETRICS_TESTS_UNIT_GOLDEN_JSON_H_

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace govmetrics::testing {

struct JsonValue {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<JsonValue> array;
  std::vector<std::pair<std::string, JsonValue>> object;

  const JsonValue* Find(const std::string& key) const {
    if (type != Type::kObject) return nullptr;
    for (const auto& kv : object) {
      if (kv.first == key) return &kv.second;
    }
    return nullptr;
  }
  bool Has(const std::string& key) const { return Find(key) != nullptr; }
  double Number(const std::string& key, double fallback = 0) const {
    const JsonValue* v = Find(key);
    return v != nullptr && v->type == Type::kNumber ? v->number : fallback;
  }
  std::string String(const std::string& key, const std::string& fallback = "") const {
    const JsonValue* v = Find(key);
    return v != nullptr && v->type == Type::kString ? v->string : fallback;
  }
  std::vector<std::string> Strings(const std::string& key) const {
    std::vector<std::string> out;
    const JsonValue* v = Find(key);
    if (v == nullptr || v->type != Type::kArray) return out;
    for (const JsonValue& e : v->array) out.push_back(e.string);
    return out;
  }
};

class JsonParser {
 public:
  explicit JsonParser(const std::string& text) : s_(text) {}

  bool Parse(JsonValue* out, std::string* error) {
    if (!Value(out, 0)) {
      *error = error_ + " at offset " + std::to_string(pos_);
      return false;
    }
    Skip();
    if (pos_ != s_.size()) {
      *error = "trailing characters at offset " + std::to_string(pos_);
      return false;
    }
    return true;
  }

 private:
  void Skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool Fail(const std::string& why) {
    error_ = why;
    return false;
  }
  bool Literal(const char* word) {
    const std::string w = word;
    if (s_.compare(pos_, w.size(), w) != 0) return Fail("bad literal");
    pos_ += w.size();
    return true;
  }
  bool Value(JsonValue* v, int depth) {
    if (depth > 64) return Fail("nesting too deep");
    Skip();
    if (pos_ >= s_.size()) return Fail("unexpected end");
    const char c = s_[pos_];
    if (c == '{') return Object(v, depth);
    if (c == '[') return Array(v, depth);
    if (c == '"') {
      v->type = JsonValue::Type::kString;
      return String(&v->string);
    }
    if (c == 't') {
      v->type = JsonValue::Type::kBool;
      v->boolean = true;
      return Literal("true");
    }
    if (c == 'f') {
      v->type = JsonValue::Type::kBool;
      return Literal("false");
    }
    if (c == 'n') {
      v->type = JsonValue::Type::kNull;
      return Literal("null");
    }
    const char* begin = s_.c_str() + pos_;
    char* end = nullptr;
    v->number = std::strtod(begin, &end);
    if (end == begin) return Fail("bad value");
    v->type = JsonValue::Type::kNumber;
    pos_ += static_cast<size_t>(end - begin);
    return true;
  }
  bool String(std::string* out) {
    ++pos_;  // opening quote
    while (pos_ < s_.size()) {
      const char c = s_[pos_++];
      if (c == '"') return true;
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) break;
      const char e = s_[pos_++];
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          if (pos_ + 4 > s_.size()) return Fail("bad \\u escape");
          const unsigned cp = static_cast<unsigned>(std::stoul(s_.substr(pos_, 4), nullptr, 16));
          pos_ += 4;
          if (cp < 0x80) {
            out->push_back(static_cast<char>(cp));
          } else if (cp < 0x800) {
            out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
          } else {
            out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
          }
          break;
        }
        default: return Fail("bad escape");
      }
    }
    return Fail("unterminated string");
  }
  bool Array(JsonValue* v, int depth) {
    v->type = JsonValue::Type::kArray;
    ++pos_;
    Skip();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      v->array.emplace_back();
      if (!Value(&v->array.back(), depth + 1)) return false;
      Skip();
      if (pos_ >= s_.size()) return Fail("unterminated array");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return Fail("expected , or ]");
    }
  }
  bool Object(JsonValue* v, int depth) {
    v->type = JsonValue::Type::kObject;
    ++pos_;
    Skip();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      Skip();
      if (pos_ >= s_.size() || s_[pos_] != '"') return Fail("expected key");
      std::string key;
      if (!String(&key)) return false;
      Skip();
      if (pos_ >= s_.size() || s_[pos_] != ':') return Fail("expected :");
      ++pos_;
      v->object.emplace_back(std::move(key), JsonValue());
      if (!Value(&v->object.back().second, depth + 1)) return false;
      Skip();
      if (pos_ >= s_.size()) return Fail("unterminated object");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return Fail("expected , or }");
    }
  }

  const std::string& s_;
  size_t pos_ = 0;
  std::string error_;
};

inline bool ParseJson(const std::string& text, JsonValue* out, std::string* error) {
  return JsonParser(text).Parse(out, error);
}

inline bool ReadJsonFile(const std::string& path, JsonValue* out, std::string* error) {
  std::ifstream f(path);
  if (!f) {
    *error = "cannot open " + path;
    return false;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  return ParseJson(ss.str(), out, error);
}

}  // namespace govmetrics::testing

#endif  // GOVMETRICS_TESTS_UNIT_GOLDEN_JSON_H_
