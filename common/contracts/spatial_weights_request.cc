#include "common/contracts/spatial_weights_request.h"

#include <cmath>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/contracts/china_regions.h"
#include "common/contracts/field_violations.h"
#include "common/stats/spatial/distances.h"
#include "common/stats/spatial/moran.h"

namespace govmetrics::contracts {
namespace {

namespace cv1 = govmetrics::common::v1;

// Unit index of each panel entity name.
class UnitIndex {
 public:
  explicit UnitIndex(const PanelView& panel) : panel_(panel) {
    for (int i = 0; i < panel.n_entities(); ++i) index_[panel.entity_names()[i]] = i;
  }
  int size() const { return panel_.n_entities(); }
  std::optional<int> Find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? std::nullopt : std::optional<int>(it->second);
  }
  // Records a violation at `field` when `name` is not an entity of the panel.
  std::optional<int> Require(const std::string& name, const std::string& field, FieldViolations* v) const {
    auto i = Find(name);
    if (!i) v->Add(field, absl::StrCat("'", name, "' is not an entity of the panel"));
    return i;
  }
  // Violations for the panel entities never marked in `covered`.
  void RequireAll(const std::vector<bool>& covered, const std::string& field, FieldViolations* v) const {
    for (int i = 0; i < size(); ++i) {
      if (!covered[i]) v->Add(field, absl::StrCat("no entry for the panel's entity '", panel_.entity_names()[i], "'"));
    }
  }

 private:
  const PanelView& panel_;
  absl::flat_hash_map<std::string, int> index_;
};

absl::Status Subject(absl::Status status, const std::string& path) {
  if (status.code() == absl::StatusCode::kFailedPrecondition) {
    return FailedPreconditionOn(path, std::string(status.message()));
  }
  if (status.code() == absl::StatusCode::kInvalidArgument) return InvalidField(path, std::string(status.message()));
  return status;
}

absl::StatusOr<stats::SpatialWeights> FromAdjacency(const cv1::AdjacencyList& list, const UnitIndex& units,
                                                    const std::string& path) {
  FieldViolations v;
  std::vector<bool> covered(units.size(), false);
  absl::flat_hash_map<std::pair<int, int>, double> links;
  for (int u = 0; u < list.units_size(); ++u) {
    const auto& unit = list.units(u);
    const std::string at = absl::StrCat(path, ".units[", u, "]");
    auto i = units.Require(unit.entity(), at + ".entity", &v);
    if (i && covered[*i]) v.Add(at + ".entity", absl::StrCat("'", unit.entity(), "' listed twice"));
    if (i) covered[*i] = true;
    if (unit.weights_size() != 0 && unit.weights_size() != unit.neighbours_size()) {
      v.Add(at + ".weights", absl::StrCat(unit.weights_size(), " weights for ", unit.neighbours_size(), " neighbours"));
      continue;
    }
    for (int k = 0; k < unit.neighbours_size(); ++k) {
      auto j = units.Require(unit.neighbours(k), absl::StrCat(at, ".neighbours[", k, "]"), &v);
      if (!i || !j) continue;
      if (*i == *j) v.Add(absl::StrCat(at, ".neighbours[", k, "]"), "a unit cannot be its own neighbour");
      const double w = unit.weights_size() ? unit.weights(k) : 1.0;
      if (!(w >= 0) || !std::isfinite(w)) v.Add(absl::StrCat(at, ".weights[", k, "]"), "weights must be finite and >= 0");
      links[{*i, *j}] = w;
      if (list.symmetrize()) links.try_emplace({*j, *i}, w);
    }
  }
  units.RequireAll(covered, path + ".units", &v);
  if (!v.empty()) return v.ToStatus();
  std::vector<stats::WeightEntry> entries;
  for (const auto& [ij, w] : links) entries.push_back({ij.first, ij.second, w});
  auto weights = stats::WeightsFromEntries(units.size(), entries);
  if (!weights.ok()) return Subject(weights.status(), path);
  return weights;
}

absl::StatusOr<stats::SpatialWeights> FromMatrix(const cv1::WeightsMatrix& m, const UnitIndex& units,
                                                 const std::string& path) {
  FieldViolations v;
  const int n = units.size();
  std::vector<int> order;
  std::vector<bool> covered(n, false);
  for (int k = 0; k < m.entities_size(); ++k) {
    auto i = units.Require(m.entities(k), absl::StrCat(path, ".entities[", k, "]"), &v);
    if (i && covered[*i]) v.Add(absl::StrCat(path, ".entities[", k, "]"), "entity listed twice");
    if (i) covered[*i] = true;
    order.push_back(i.value_or(-1));
  }
  units.RequireAll(covered, path + ".entities", &v);
  const int64_t size = static_cast<int64_t>(m.entities_size()) * m.entities_size();
  if (m.values_size() != size) {
    v.Add(path + ".values", absl::StrCat(m.values_size(), " values for ", m.entities_size(), " entities (need ", size, ")"));
  }
  if (!v.empty()) return v.ToStatus();
  std::vector<stats::WeightEntry> entries;
  const int k = m.entities_size();
  for (int r = 0; r < k; ++r) {
    for (int c = 0; c < k; ++c) {
      const double w = m.values(r * k + c);
      const std::string at = absl::StrCat(path, ".values[", r * k + c, "]");
      if (!(w >= 0) || !std::isfinite(w)) v.Add(at, "weights must be finite and >= 0");
      if (r == c && w != 0) v.Add(at, "the diagonal must be 0");
      if (r != c && w > 0) entries.push_back({order[r], order[c], w});
    }
  }
  if (!v.empty()) return v.ToStatus();
  return stats::WeightsFromEntries(n, entries);
}

// Every panel entity must be one of China's 31 provinces (names as data/regions).
absl::Status RequireProvinces(const PanelView& panel) {
  FieldViolations v;
  const auto& capitals = ShippedChinaRegions().capitals;
  std::vector<bool> seen(panel.n_entities(), false);
  for (int r = 0; r < panel.rows(); ++r) {
    const int e = panel.entity_codes()[r];
    if (seen[e]) continue;
    seen[e] = true;
    if (!capitals.contains(panel.entity_names()[e])) {
      v.Add(absl::StrCat(panel.path(), ".entity[", r, "]"),
            absl::StrCat("'", panel.entity_names()[e], "' is not one of China's 31 provinces as named in "
                         "data/regions/china_provinces.csv (e.g. 'Inner Mongolia', 'Tibet')"));
    }
  }
  return v.ToStatus();
}

absl::StatusOr<stats::SpatialWeights> FromChinaContiguity(const cv1::ChinaProvinceContiguity& spec,
                                                          const PanelView& panel, const UnitIndex& units) {
  if (auto status = RequireProvinces(panel); !status.ok()) return status;
  const auto hainan = spec.hainan();
  std::vector<stats::WeightEntry> entries;
  for (const ContiguityPair& p : ShippedChinaRegions().contiguity) {
    const bool wanted = p.kind == "land" ||
                        (p.kind == "hainan_guangdong" && hainan != cv1::HAINAN_CONVENTION_ISLAND) ||
                        (p.kind == "hainan_guangxi" && hainan == cv1::HAINAN_CONVENTION_GUANGDONG_GUANGXI);
    auto i = units.Find(p.a), j = units.Find(p.b);
    if (!wanted || !i || !j) continue;  // a province outside the panel drops its links
    entries.push_back({*i, *j, 1.0});
    entries.push_back({*j, *i, 1.0});
  }
  return stats::WeightsFromEntries(units.size(), entries);
}

absl::StatusOr<Eigen::MatrixXd> PointsOf(const cv1::CoordinateWeights& spec, const PanelView& panel,
                                         const UnitIndex& units, const std::string& path) {
  Eigen::MatrixXd xy(units.size(), 2);
  std::vector<bool> covered(units.size(), false);
  FieldViolations v;
  if (spec.china_province_capitals()) {
    if (auto status = RequireProvinces(panel); !status.ok()) return status;
    for (int i = 0; i < units.size(); ++i) {
      const auto& p = ShippedChinaRegions().capitals.at(panel.entity_names()[i]);
      xy(i, 0) = p.first;
      xy(i, 1) = p.second;
    }
    return xy;
  }
  for (int k = 0; k < spec.points_size(); ++k) {
    const std::string at = absl::StrCat(path, ".points[", k, "]");
    auto i = units.Require(spec.points(k).entity(), at + ".entity", &v);
    if (!std::isfinite(spec.points(k).x()) || !std::isfinite(spec.points(k).y())) v.Add(at, "coordinates must be finite");
    if (!i) continue;
    if (covered[*i]) v.Add(at + ".entity", "entity given twice");
    covered[*i] = true;
    xy(*i, 0) = spec.points(k).x();
    xy(*i, 1) = spec.points(k).y();
  }
  units.RequireAll(covered, path + ".points", &v);
  if (!v.empty()) return v.ToStatus();
  return xy;
}

absl::StatusOr<stats::SpatialWeights> FromCoordinates(const cv1::CoordinateWeights& spec, const PanelView& panel,
                                                      const UnitIndex& units, const std::string& path) {
  FieldViolations v;
  if (spec.scheme() == cv1::DISTANCE_SCHEME_UNSPECIFIED || !cv1::DistanceScheme_IsValid(spec.scheme())) {
    v.Add(path + ".scheme", "choose K_NEAREST, INVERSE_DISTANCE or GAUSSIAN_KERNEL");
  }
  if (!cv1::DistanceMetric_IsValid(spec.metric())) v.Add(path + ".metric", "unknown metric");
  if (!(spec.power() >= 0) || !(spec.cutoff() >= 0) || !(spec.bandwidth() >= 0) || !std::isfinite(spec.power()) ||
      !std::isfinite(spec.cutoff()) || !std::isfinite(spec.bandwidth())) {
    v.Add(path, "power, cutoff and bandwidth must be finite and >= 0");
  }
  if (spec.scheme() == cv1::DISTANCE_SCHEME_K_NEAREST && (spec.k() < 1 || spec.k() >= units.size())) {
    v.Add(path + ".k", absl::StrCat("k must be 1..", units.size() - 1));
  }
  if (!v.empty()) return v.ToStatus();
  auto xy = PointsOf(spec, panel, units, path);
  if (!xy.ok()) return xy.status();
  const bool great_circle = spec.metric() == cv1::DISTANCE_METRIC_GREAT_CIRCLE_KM ||
                            (spec.metric() == cv1::DISTANCE_METRIC_UNSPECIFIED && spec.china_province_capitals());
  const Eigen::MatrixXd d = stats::PairwiseDistances(
      *xy, great_circle ? stats::DistanceMetric::kGreatCircleKm : stats::DistanceMetric::kEuclidean);
  absl::StatusOr<stats::SpatialWeights> w;
  switch (spec.scheme()) {
    case cv1::DISTANCE_SCHEME_K_NEAREST: w = stats::KNearestNeighbourWeights(d, spec.k()); break;
    case cv1::DISTANCE_SCHEME_INVERSE_DISTANCE:
      w = stats::InverseDistanceWeights(d, spec.power() > 0 ? spec.power() : 1.0, spec.cutoff());
      break;
    default: w = stats::GaussianKernelWeights(d, spec.bandwidth()); break;
  }
  if (!w.ok()) return Subject(w.status(), path);
  return w;
}

absl::StatusOr<stats::SpatialWeights> FromEconomicDistance(const cv1::EconomicDistanceWeights& spec,
                                                           const PanelView& panel, const std::string& path) {
  FieldViolations v;
  auto column = panel.RequireColumn(spec.column(), path + ".column", &v);
  if (column) panel.CheckFinite(*column, /*allow_missing=*/true, &v);
  if (!v.empty()) return v.ToStatus();
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(panel.n_entities()), count = sum;
  const auto values = panel.ColumnValues(*column);
  for (int r = 0; r < panel.rows(); ++r) {
    if (std::isnan(values[r])) continue;
    sum[panel.entity_codes()[r]] += values[r];
    count[panel.entity_codes()[r]] += 1;
  }
  for (int e = 0; e < panel.n_entities(); ++e) {
    if (count[e] == 0) {
      return FailedPreconditionOn(path + ".column", absl::StrCat("entity '", panel.entity_names()[e], "' has no value"));
    }
  }
  auto w = stats::EconomicDistanceWeights(sum.cwiseQuotient(count));
  if (!w.ok()) return Subject(w.status(), path);
  return w;
}

}  // namespace

absl::StatusOr<stats::SpatialWeights> BuildSpatialWeights(const cv1::SpatialWeightsSpec& spec, const PanelView& panel,
                                                          const std::string& path) {
  const UnitIndex units(panel);
  if (units.size() < 2) return InvalidField(panel.path() + ".entity", "spatial weights need at least 2 entities");
  if (!cv1::WeightsStyle_IsValid(spec.style())) return InvalidField(path + ".style", "unknown style");
  absl::StatusOr<stats::SpatialWeights> w;
  switch (spec.source_case()) {
    case cv1::SpatialWeightsSpec::kAdjacency: w = FromAdjacency(spec.adjacency(), units, path + ".adjacency"); break;
    case cv1::SpatialWeightsSpec::kMatrix: w = FromMatrix(spec.matrix(), units, path + ".matrix"); break;
    case cv1::SpatialWeightsSpec::kCoordinates:
      w = FromCoordinates(spec.coordinates(), panel, units, path + ".coordinates");
      break;
    case cv1::SpatialWeightsSpec::kEconomicDistance:
      w = FromEconomicDistance(spec.economic_distance(), panel, path + ".economic_distance");
      break;
    case cv1::SpatialWeightsSpec::kChinaProvinceContiguity:
      w = FromChinaContiguity(spec.china_province_contiguity(), panel, units);
      break;
    default:
      return InvalidField(path, "choose a source: adjacency, coordinates, economic_distance, matrix or "
                                "china_province_contiguity");
  }
  if (!w.ok()) return w.status();
  if (spec.style() != cv1::WEIGHTS_STYLE_RAW) stats::RowStandardise(&*w);
  return w;
}

void SummariseWeights(const stats::SpatialWeights& weights, const PanelView& panel,
                      cv1::SpatialWeightsSummary* summary) {
  for (const auto& name : panel.entity_names()) summary->add_entities(name);
  summary->set_links(weights.w.nonZeros());
  summary->set_mean_neighbours(static_cast<double>(weights.w.nonZeros()) / weights.n());
  for (int i : weights.islands) summary->add_islands(panel.entity_names()[i]);
  summary->set_row_standardised(weights.row_standardised);
  const stats::WeightsConstants c = stats::ComputeWeightsConstants(weights);
  summary->set_s0(c.s0);
  summary->set_s1(c.s1);
  summary->set_s2(c.s2);
  const stats::SparseWeights t = weights.w.transpose();
  summary->set_symmetric((weights.w - stats::SparseWeights(t)).norm() == 0);
}

}  // namespace govmetrics::contracts
