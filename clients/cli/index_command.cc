#include "clients/cli/index_command.h"

#include <cstdio>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "clients/cli/args.h"
#include "clients/cli/csv_table.h"
#include "clients/cli/panel_csv.h"
#include "clients/cli/connection.h"
#include "clients/cli/rpc_client.h"
#include "clients/cli/text_table.h"
#include "govmetrics/index/v1/index_service.grpc.pb.h"

namespace govmetrics::cli {
namespace {

namespace idx = govmetrics::index::v1;

constexpr char kUsage[] =
    "usage: govmetrics index --data FILE.csv --entity COL --period COL\n"
    "         --positive a,b [--negative c] [--dimension 'tech=a,b;env=c']\n"
    "         [--method entropy|critic|cv|equal|entropy-topsis]\n"
    "         [--pooling pooled|per-period|base] [--base_period YEAR]\n"
    "         [--hierarchy flat|summed-divergence|entropy-on-dimension-scores]\n"
    "         [--shift X] [--missing reject|listwise|interpolate] [--scale 1|100]\n"
    "         [--out scores.csv]\n";

absl::StatusOr<idx::WeightingMethod> ParseMethod(const std::string& s) {
  static const std::map<std::string, idx::WeightingMethod> kMap = {
      {"entropy", idx::WEIGHTING_METHOD_ENTROPY},
      {"critic", idx::WEIGHTING_METHOD_CRITIC},
      {"cv", idx::WEIGHTING_METHOD_COEFFICIENT_OF_VARIATION},
      {"coefficient-of-variation", idx::WEIGHTING_METHOD_COEFFICIENT_OF_VARIATION},
      {"equal", idx::WEIGHTING_METHOD_EQUAL},
      {"entropy-topsis", idx::WEIGHTING_METHOD_ENTROPY_TOPSIS},
      {"topsis", idx::WEIGHTING_METHOD_ENTROPY_TOPSIS}};
  auto it = kMap.find(s);
  if (it == kMap.end()) return absl::InvalidArgumentError(absl::StrCat("--method: unknown '", s, "'"));
  return it->second;
}

absl::StatusOr<idx::Pooling> ParsePooling(const std::string& s) {
  if (s == "pooled") return idx::POOLING_POOLED;
  if (s == "per-period") return idx::POOLING_PER_PERIOD;
  if (s == "base" || s == "base-period") return idx::POOLING_BASE_PERIOD;
  return absl::InvalidArgumentError(absl::StrCat("--pooling: unknown '", s, "'"));
}

absl::StatusOr<idx::Hierarchy> ParseHierarchy(const std::string& s) {
  if (s == "flat") return idx::HIERARCHY_FLAT;
  if (s == "summed-divergence") return idx::HIERARCHY_SUMMED_DIVERGENCE;
  if (s == "entropy-on-dimension-scores") return idx::HIERARCHY_ENTROPY_ON_DIMENSION_SCORES;
  return absl::InvalidArgumentError(absl::StrCat("--hierarchy: unknown '", s, "'"));
}

absl::StatusOr<idx::MissingPolicy> ParseMissing(const std::string& s) {
  if (s == "reject") return idx::MISSING_POLICY_REJECT;
  if (s == "listwise") return idx::MISSING_POLICY_LISTWISE;
  if (s == "interpolate") return idx::MISSING_POLICY_INTERPOLATE_WITHIN_ENTITY;
  return absl::InvalidArgumentError(absl::StrCat("--missing: unknown '", s, "'"));
}

// "tech=a,b;env=c" -> {a: tech, b: tech, c: env}
absl::StatusOr<std::map<std::string, std::string>> ParseDimensions(const std::string& spec) {
  std::map<std::string, std::string> out;
  for (absl::string_view group : absl::StrSplit(spec, ';', absl::SkipWhitespace())) {
    std::vector<std::string> parts = absl::StrSplit(group, absl::MaxSplits('=', 1));
    if (parts.size() != 2) return absl::InvalidArgumentError(absl::StrCat("--dimension: expected NAME=col,col in '", group, "'"));
    for (absl::string_view col : absl::StrSplit(parts[1], ',', absl::SkipWhitespace())) {
      out[std::string(col)] = parts[0];
    }
  }
  return out;
}

absl::StatusOr<idx::ComputeIndexRequest> BuildRequest(const Args& args) {
  idx::ComputeIndexRequest request;
  auto data = args.Require("data");
  if (!data.ok()) return data.status();
  auto table = ReadCsvFile(*data);
  if (!table.ok()) return table.status();
  auto panel = PanelFromCsv(*table, args.Get("entity", "entity"), args.Get("period", "period"));
  if (!panel.ok()) return panel.status();
  *request.mutable_panel() = std::move(*panel);

  auto dimensions = ParseDimensions(args.Get("dimension"));
  if (!dimensions.ok()) return dimensions.status();
  auto add = [&](const std::string& column, idx::Direction direction) {
    auto* indicator = request.add_indicators();
    indicator->set_column(column);
    indicator->set_direction(direction);
    auto it = dimensions->find(column);
    if (it != dimensions->end()) indicator->set_dimension(it->second);
  };
  for (const auto& c : args.List("positive")) add(c, idx::DIRECTION_POSITIVE);
  for (const auto& c : args.List("negative")) add(c, idx::DIRECTION_NEGATIVE);
  if (request.indicators_size() == 0) return absl::InvalidArgumentError("give indicators with --positive and/or --negative");

  auto method = ParseMethod(args.Get("method", "entropy"));
  auto pooling = ParsePooling(args.Get("pooling", "pooled"));
  auto hierarchy = ParseHierarchy(args.Get("hierarchy", "flat"));
  auto missing = ParseMissing(args.Get("missing", "reject"));
  auto base = args.Integer("base_period", 0);
  auto scale = args.Number("scale", 1);
  for (const absl::Status& s : {method.status(), pooling.status(), hierarchy.status(),
                                missing.status(), base.status(), scale.status()}) {
    if (!s.ok()) return s;
  }
  request.set_method(*method);
  request.set_pooling(*pooling);
  request.set_base_period(*base);
  request.set_hierarchy(*hierarchy);
  request.set_missing_policy(*missing);
  request.set_score_scale(*scale);
  if (args.Has("shift")) {
    auto shift = args.Number("shift", 0);
    if (!shift.ok()) return shift.status();
    request.set_shift(*shift);
  }
  return request;
}

std::string Fixed(double v, int digits = 6) {
  return std::isnan(v) ? "-" : absl::StrFormat("%.*f", digits, v);
}

void PrintWeights(const idx::ComputeIndexResponse& response) {
  TextTable table({"indicator", "dimension", "period", "entropy", "divergence", "weight", "w in dim"});
  for (const auto& w : response.weights()) {
    table.AddRow({w.column(), w.dimension(), w.period() ? absl::StrCat(w.period()) : "all",
                  Fixed(w.entropy()), Fixed(w.divergence()), Fixed(w.weight()),
                  Fixed(w.weight_within_dimension())});
  }
  std::printf("Indicator weights\n%s\n", table.Render().c_str());
  TextTable dims({"dimension", "period", "weight"});
  for (const auto& d : response.dimension_weights()) {
    dims.AddRow({d.dimension(), d.period() ? absl::StrCat(d.period()) : "all", Fixed(d.weight())});
  }
  std::printf("Dimension weights\n%s\n", dims.Render().c_str());
  std::printf("rows used: %d, rows dropped: %d\n", response.rows_used(),
              response.provenance().dropped_rows_size());
}

std::string ScoresCsv(const idx::ComputeIndexRequest& request,
                      const idx::ComputeIndexResponse& response) {
  std::string out = "entity,period,score";
  for (const auto& d : response.dimension_scores()) absl::StrAppend(&out, ",", CsvField("score_" + d.dimension()));
  out += "\n";
  for (int r = 0; r < request.panel().entity_size(); ++r) {
    absl::StrAppend(&out, CsvField(request.panel().entity(r)), ",", request.panel().period(r), ",",
                    FormatNumber(response.scores(r)));
    for (const auto& d : response.dimension_scores()) absl::StrAppend(&out, ",", FormatNumber(d.scores(r)));
    out += "\n";
  }
  return out;
}

}  // namespace

int RunIndexCommand(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, WithConnectionKeys({"data", "entity", "period", "positive", "negative", "dimension",
                                 "method", "pooling", "base_period", "hierarchy", "shift",
                                 "missing", "scale", "out"}));
  if (!args.ok()) {
    std::fprintf(stderr, "%s\n%s%s", std::string(args.status().message()).c_str(), kUsage, kConnectionUsage);
    return 2;
  }
  auto request = BuildRequest(*args);
  if (!request.ok()) {
    std::fprintf(stderr, "error: %s\n%s%s", std::string(request.status().message()).c_str(), kUsage, kConnectionUsage);
    return 2;
  }
  auto connection = Connection::FromArgs(*args, "127.0.0.1:50051", 60);
  if (!connection.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(connection.status().message()).c_str());
    return 2;
  }
  auto stub = idx::IndexService::NewStub(connection->channel());
  grpc::ClientContext context;
  connection->Prepare(&context);
  idx::ComputeIndexResponse response;
  grpc::Status status = stub->ComputeIndex(&context, *request, &response);
  if (!status.ok()) return PrintRpcError(status);
  PrintWeights(response);
  const std::string out = args->Get("out", "scores.csv");
  absl::Status written = WriteTextFile(out, ScoresCsv(*request, response));
  if (!written.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(written.message()).c_str());
    return 1;
  }
  std::printf("scores written to %s\n", out.c_str());
  return 0;
}

}  // namespace govmetrics::cli
