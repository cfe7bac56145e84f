// Compares ComputeCompositeIndex and ComputeCouplingCoordination with the golden values
// written by tests/reference/index/entropy_reference.py (an independent numpy/pandas
// implementation of the formulas) on R plm's Produc panel and a 4 x 3 example. Every
// method x pooling x hierarchy combination, the shift variants, the 0-100 scale and the
// missing-value policies are covered. Tolerance: 1e-10 relative (with a 1e-12 absolute
// floor for values that are exactly 0 in one implementation and 1e-17 in the other).

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "common/stats/coupling_coordination.h"
#include "common/stats/index_composite.h"
#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

constexpr double kRelTol = 1e-10;
constexpr double kAbsTol = 1e-12;

// ---------------------------------------------------------------- a tiny JSON reader
// Enough JSON for the golden files: objects, arrays, numbers, strings without escapes
// beyond \" and \\, true/false/null. null stands for NaN.
struct Json {
  enum Type { kNull, kBool, kNumber, kString, kArray, kObject } type = kNull;
  bool b = false;
  double num = 0.0;
  std::string str;
  std::vector<Json> arr;
  std::map<std::string, Json> obj;

  const Json& operator[](const std::string& key) const {
    static const Json kMissing;
    auto it = obj.find(key);
    return it == obj.end() ? kMissing : it->second;
  }
  const Json& operator[](size_t i) const { return arr.at(i); }
  bool has(const std::string& key) const { return obj.count(key) > 0; }
  double AsDouble() const { return type == kNull ? std::nan("") : num; }
  int AsInt() const { return static_cast<int>(num); }
  std::vector<double> AsDoubles() const {
    std::vector<double> v;
    for (const Json& e : arr) v.push_back(e.AsDouble());
    return v;
  }
};

class JsonParser {
 public:
  explicit JsonParser(const std::string& text) : s_(text) {}
  Json Parse() {
    Json v = Value();
    Ws();
    if (i_ != s_.size()) Fail("trailing characters");
    return v;
  }
  bool failed() const { return failed_; }

 private:
  void Fail(const char* what) {
    if (!failed_) ADD_FAILURE() << "JSON parse error at " << i_ << ": " << what;
    failed_ = true;
    i_ = s_.size();
  }
  void Ws() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  Json Value() {
    Ws();
    Json v;
    if (i_ >= s_.size()) {
      Fail("unexpected end");
      return v;
    }
    const char c = s_[i_];
    if (c == '{') {
      v.type = Json::kObject;
      ++i_;
      Ws();
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return v;
      }
      while (i_ < s_.size()) {
        Ws();
        std::string key = String();
        Ws();
        if (i_ >= s_.size() || s_[i_] != ':') Fail("expected ':'");
        ++i_;
        v.obj[key] = Value();
        Ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
        } else if (i_ < s_.size() && s_[i_] == '}') {
          ++i_;
          return v;
        } else {
          Fail("expected ',' or '}'");
        }
      }
    } else if (c == '[') {
      v.type = Json::kArray;
      ++i_;
      Ws();
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return v;
      }
      while (i_ < s_.size()) {
        v.arr.push_back(Value());
        Ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
        } else if (i_ < s_.size() && s_[i_] == ']') {
          ++i_;
          return v;
        } else {
          Fail("expected ',' or ']'");
        }
      }
    } else if (c == '"') {
      v.type = Json::kString;
      v.str = String();
    } else if (s_.compare(i_, 4, "null") == 0) {
      i_ += 4;
    } else if (s_.compare(i_, 4, "true") == 0) {
      v.type = Json::kBool;
      v.b = true;
      i_ += 4;
    } else if (s_.compare(i_, 5, "false") == 0) {
      v.type = Json::kBool;
      i_ += 5;
    } else {
      v.type = Json::kNumber;
      const char* begin = s_.c_str() + i_;
      char* end = nullptr;
      v.num = std::strtod(begin, &end);  // round-trips the 17-digit repr exactly
      if (end == begin) Fail("bad number");
      i_ += static_cast<size_t>(end - begin);
    }
    return v;
  }
  std::string String() {
    std::string out;
    if (i_ >= s_.size() || s_[i_] != '"') {
      Fail("expected string");
      return out;
    }
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
      out.push_back(s_[i_++]);
    }
    ++i_;
    return out;
  }

  const std::string& s_;
  size_t i_ = 0;
  bool failed_ = false;
};

std::string ReadFile(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::unique_ptr<Json> LoadGolden(const std::string& name) {
  const std::string path = std::string(GOVMETRICS_SOURCE_DIR) + "/tests/reference/golden/" + name;
  const std::string text = ReadFile(path);
  if (text.empty()) {
    ADD_FAILURE() << "cannot read " << path;
    return nullptr;
  }
  JsonParser parser(text);
  auto doc = std::make_unique<Json>(parser.Parse());
  if (parser.failed()) return nullptr;
  return doc;
}

// ---------------------------------------------------------------- data

struct Dataset {
  std::vector<std::string> names;
  Eigen::MatrixXd x;  // rows x indicators
  std::vector<int> entity;
  std::vector<int32_t> period;
};

// Reads produc.csv (header row, no quoting) and keeps the indicator columns.
Dataset LoadProduc(const std::vector<std::string>& columns) {
  Dataset d;
  d.names = columns;
  std::ifstream f(std::string(GOVMETRICS_SOURCE_DIR) + "/tests/reference/data/produc.csv");
  std::string line;
  std::getline(f, line);
  std::vector<std::string> header;
  {
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) header.push_back(cell);
  }
  std::vector<std::vector<std::string>> rows;
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  auto col_of = [&](const std::string& name) {
    for (size_t c = 0; c < header.size(); ++c) {
      if (header[c] == name) return static_cast<int>(c);
    }
    ADD_FAILURE() << "no column " << name;
    return 0;
  };
  d.x.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(columns.size()));
  for (size_t j = 0; j < columns.size(); ++j) {
    const int c = col_of(columns[j]);
    for (size_t i = 0; i < rows.size(); ++i) d.x(i, j) = std::strtod(rows[i][c].c_str(), nullptr);
  }
  const int state = col_of("state"), year = col_of("year");
  std::map<std::string, int> codes;  // order of first appearance, as pandas.factorize
  for (const auto& r : rows) {
    auto it = codes.find(r[state]);
    if (it == codes.end()) it = codes.emplace(r[state], static_cast<int>(codes.size())).first;
    d.entity.push_back(it->second);
    d.period.push_back(std::atoi(r[year].c_str()));
  }
  return d;
}

Dataset LoadInline(const Json& doc) {
  Dataset d;
  const Json& data = doc["data"];
  const Json& indicators = doc["indicators"];
  const int m = static_cast<int>(indicators.arr.size());
  for (int j = 0; j < m; ++j) d.names.push_back(indicators[j]["column"].str);
  const int n = static_cast<int>(data["entity"].arr.size());
  d.x.resize(n, m);
  for (int j = 0; j < m; ++j) {
    const std::vector<double> v = data["columns"][d.names[j]].AsDoubles();
    for (int i = 0; i < n; ++i) d.x(i, j) = v[i];
  }
  for (int i = 0; i < n; ++i) {
    d.entity.push_back(data["entity"][i].AsInt());
    d.period.push_back(data["period"][i].AsInt());
  }
  return d;
}

// ---------------------------------------------------------------- comparison

template <typename E>
E ParseEnum(const std::string& s, const std::vector<std::pair<std::string, E>>& table) {
  for (const auto& [name, value] : table) {
    if (name == s) return value;
  }
  ADD_FAILURE() << "unknown enum value " << s;
  return table.front().second;
}

IndexOptions OptionsFromSpec(const Json& spec) {
  IndexOptions o;
  o.method = ParseEnum<WeightingMethod>(
      spec["method"].str, {{"ENTROPY", WeightingMethod::kEntropy},
                           {"CRITIC", WeightingMethod::kCritic},
                           {"COEFFICIENT_OF_VARIATION", WeightingMethod::kCoefficientOfVariation},
                           {"EQUAL", WeightingMethod::kEqual},
                           {"ENTROPY_TOPSIS", WeightingMethod::kEntropyTopsis}});
  o.pooling = ParseEnum<Pooling>(spec["pooling"].str, {{"POOLED", Pooling::kPooled},
                                                       {"PER_PERIOD", Pooling::kPerPeriod},
                                                       {"BASE_PERIOD", Pooling::kBasePeriod}});
  o.hierarchy =
      ParseEnum<Hierarchy>(spec["hierarchy"].str,
                           {{"FLAT", Hierarchy::kFlat},
                            {"SUMMED_DIVERGENCE", Hierarchy::kSummedDivergence},
                            {"ENTROPY_ON_DIMENSION_SCORES", Hierarchy::kEntropyOnDimensionScores}});
  o.missing_policy = ParseEnum<MissingPolicy>(
      spec["missing_policy"].str,
      {{"REJECT", MissingPolicy::kReject},
       {"LISTWISE", MissingPolicy::kListwise},
       {"INTERPOLATE_WITHIN_ENTITY", MissingPolicy::kInterpolateWithinEntity}});
  o.base_period = spec["base_period"].AsInt();
  o.shift = spec["shift"].AsDouble();
  o.score_scale = spec["score_scale"].AsDouble();
  return o;
}

// Counts mismatches so a broken case reports a handful of lines, not thousands.
class Comparer {
 public:
  void Near(double actual, double expected, const std::string& what) {
    ++checked_;
    bool ok;
    if (std::isnan(expected) || std::isnan(actual)) {
      ok = std::isnan(expected) && std::isnan(actual);
    } else {
      const double scale = std::max(std::fabs(actual), std::fabs(expected));
      ok = std::fabs(actual - expected) <= kRelTol * scale + kAbsTol;
    }
    if (!ok && ++failures_ <= 10) {
      ADD_FAILURE() << what << ": actual " << std::setprecision(17) << actual << " expected "
                    << expected << " (rel diff "
                    << std::fabs(actual - expected) / std::max(std::fabs(expected), 1e-300) << ")";
    }
  }
  int checked() const { return checked_; }

 private:
  int checked_ = 0;
  int failures_ = 0;
};

void CheckCase(const Dataset& base, const Json& doc, const Json& c) {
  const Json& spec = c["spec"];
  const Json& ex = c["expected"];
  SCOPED_TRACE(spec["name"].str);
  Dataset d = base;
  if (spec.has("missing_cells")) {
    for (const Json& cell : spec["missing_cells"].arr) {
      int col = -1;
      for (size_t j = 0; j < d.names.size(); ++j) {
        if (d.names[j] == cell[1].str) col = static_cast<int>(j);
      }
      ASSERT_GE(col, 0);
      d.x(cell[0].AsInt(), col) = std::nan("");
    }
  }
  IndexInput in;
  in.columns = IndicatorColumns::FromMatrix(d.x);
  for (const Json& ind : doc["indicators"].arr) {
    in.indicators.push_back(
        {ind["column"].str,
         ind["direction"].str == "NEGATIVE" ? Direction::kNegative : Direction::kPositive,
         ind["dimension"].AsInt()});
  }
  for (const Json& name : doc["dimensions"].arr) in.dimension_names.push_back(name.str);
  in.entity = d.entity;
  in.period = d.period;
  const IndexOptions o = OptionsFromSpec(spec);

  absl::StatusOr<IndexResult> r = ComputeCompositeIndex(in, o);
  ASSERT_TRUE(r.ok()) << r.status();
  Comparer cmp;

  EXPECT_EQ(r->rows_used, ex["rows_used"].AsInt());
  std::vector<int> dropped;
  for (const DroppedRow& row : r->dropped_rows) dropped.push_back(row.row);
  std::vector<int> expected_dropped;
  for (const Json& v : ex["dropped_rows"].arr) expected_dropped.push_back(v.AsInt());
  EXPECT_EQ(dropped, expected_dropped);
  ASSERT_EQ(r->interpolated_cells.size(), ex["interpolated_cells"].arr.size());
  for (size_t i = 0; i < r->interpolated_cells.size(); ++i) {
    const Json& e = ex["interpolated_cells"][i];
    EXPECT_EQ(r->interpolated_cells[i].row, e[0].AsInt());
    EXPECT_EQ(r->interpolated_cells[i].indicator, e[1].AsInt());
    cmp.Near(r->interpolated_cells[i].value, e[2].AsDouble(), "interpolated value");
  }

  ASSERT_EQ(r->weights.size(), ex["weights"].arr.size());
  for (size_t i = 0; i < r->weights.size(); ++i) {
    const IndicatorWeight& w = r->weights[i];
    const Json& e = ex["weights"][i];
    const std::string at = "weights[" + std::to_string(i) + "].";
    EXPECT_EQ(w.indicator, e["indicator"].AsInt());
    EXPECT_EQ(w.period, e["period"].AsInt());
    cmp.Near(w.entropy, e["entropy"].AsDouble(), at + "entropy");
    cmp.Near(w.divergence, e["divergence"].AsDouble(), at + "divergence");
    cmp.Near(w.weight, e["weight"].AsDouble(), at + "weight");
    cmp.Near(w.weight_within_dimension, e["weight_within_dimension"].AsDouble(),
             at + "weight_within_dimension");
    cmp.Near(w.min, e["min"].AsDouble(), at + "min");
    cmp.Near(w.max, e["max"].AsDouble(), at + "max");
  }
  ASSERT_EQ(r->dimension_weights.size(), ex["dimension_weights"].arr.size());
  for (size_t i = 0; i < r->dimension_weights.size(); ++i) {
    const DimensionWeight& w = r->dimension_weights[i];
    const Json& e = ex["dimension_weights"][i];
    const std::string at = "dimension_weights[" + std::to_string(i) + "].";
    EXPECT_EQ(w.dimension, e["dimension"].AsInt());
    EXPECT_EQ(w.period, e["period"].AsInt());
    cmp.Near(w.weight, e["weight"].AsDouble(), at + "weight");
    cmp.Near(w.entropy, e["entropy"].AsDouble(), at + "entropy");
    cmp.Near(w.divergence, e["divergence"].AsDouble(), at + "divergence");
  }

  const Json& rows = ex["score_rows"];
  const bool topsis = ex.has("topsis_distance_best");
  EXPECT_EQ(topsis, r->topsis_distance_best.size() > 0);
  for (size_t i = 0; i < rows.arr.size(); ++i) {
    const int row = rows[i].AsInt();
    const std::string at = "[row " + std::to_string(row) + "]";
    cmp.Near(r->composite[row], ex["composite"][i].AsDouble(), "composite" + at);
    for (size_t k = 0; k < ex["dimension_scores"].arr.size(); ++k) {
      cmp.Near(r->dimension_scores(row, static_cast<Eigen::Index>(k)),
               ex["dimension_scores"][k][i].AsDouble(),
               "dimension_scores[" + std::to_string(k) + "]" + at);
    }
    if (topsis) {
      cmp.Near(r->topsis_distance_best[row], ex["topsis_distance_best"][i].AsDouble(), "D+" + at);
      cmp.Near(r->topsis_distance_worst[row], ex["topsis_distance_worst"][i].AsDouble(), "D-" + at);
    }
  }
  EXPECT_GT(cmp.checked(), 0);
}

void CheckFile(const std::string& name) {
  std::unique_ptr<Json> doc = LoadGolden(name);
  ASSERT_NE(doc, nullptr);
  std::vector<std::string> columns;
  for (const Json& ind : (*doc)["indicators"].arr) columns.push_back(ind["column"].str);
  const Dataset d = (*doc)["dataset"].str == "produc" ? LoadProduc(columns) : LoadInline(*doc);
  ASSERT_GT(d.x.rows(), 0);
  ASSERT_FALSE((*doc)["cases"].arr.empty());
  for (const Json& c : (*doc)["cases"].arr) CheckCase(d, *doc, c);
}

TEST(IndexGoldenTest, SmallExampleMatchesReferenceForEveryMethodAndHierarchy) {
  CheckFile("index_small.json");
}
TEST(IndexGoldenTest, ProducEntropyMatchesReferenceForEveryPoolingAndHierarchy) {
  CheckFile("index_produc_entropy.json");
}
TEST(IndexGoldenTest, ProducCriticMatchesReference) { CheckFile("index_produc_critic.json"); }
TEST(IndexGoldenTest, ProducCoefficientOfVariationMatchesReference) {
  CheckFile("index_produc_cv.json");
}
TEST(IndexGoldenTest, ProducEqualWeightsMatchReference) { CheckFile("index_produc_equal.json"); }
TEST(IndexGoldenTest, ProducEntropyTopsisMatchesReference) {
  CheckFile("index_produc_topsis.json");
}
TEST(IndexGoldenTest, ProducWithMissingValuesMatchesReferenceForListwiseAndInterpolation) {
  CheckFile("index_produc_missing.json");
}

TEST(IndexGoldenTest, CouplingCoordinationMatchesReference) {
  std::unique_ptr<Json> doc = LoadGolden("index_coupling.json");
  ASSERT_NE(doc, nullptr);
  ASSERT_FALSE((*doc)["cases"].arr.empty());
  for (const Json& c : (*doc)["cases"].arr) {
    const std::vector<double> u1 = c["u1"].AsDoubles(), u2 = c["u2"].AsDoubles();
    absl::StatusOr<CouplingCoordinationResult> r = ComputeCouplingCoordination(
        Eigen::Map<const Eigen::VectorXd>(u1.data(), u1.size()),
        Eigen::Map<const Eigen::VectorXd>(u2.data(), u2.size()), c["first_weight"].AsDouble());
    ASSERT_TRUE(r.ok()) << r.status();
    Comparer cmp;
    for (size_t i = 0; i < u1.size(); ++i) {
      cmp.Near(r->coupling[i], c["coupling"][i].AsDouble(), "C");
      cmp.Near(r->coordination_index[i], c["coordination_index"][i].AsDouble(), "T");
      cmp.Near(r->degree[i], c["degree"][i].AsDouble(), "D");
    }
  }
}

}  // namespace
}  // namespace govmetrics::stats
