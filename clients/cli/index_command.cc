#include "clients/cli/index_command.h"

#include <cstdio>
#include <algorithm>
#include <map>
#include <numeric>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "clients/cli/choice_table.h"
#include "clients/cli/command_line.h"
#include "clients/cli/connection.h"
#include "clients/cli/output_file.h"
#include "clients/cli/panel_options.h"
#include "clients/cli/rpc_client.h"
#include "clients/cli/table_output.h"
#include "govmetrics/index/v1/index_service.grpc.pb.h"
#include "services/reporting/render/text_escape.h"

namespace govmetrics::cli {
namespace {

namespace idx = govmetrics::index::v1;

struct IndexOptions {
  PanelOptions panel;
  std::vector<std::string> positive;
  std::vector<std::string> negative;
  std::string dimension;
  std::string method = "entropy";
  std::string pooling = "pooled";
  int base_period = 0;
  std::string hierarchy = "flat";
  double shift = 0.0001;
  std::string missing = "reject";
  double scale = 1;
  std::string out = "scores.csv";
  ConnectionOptions connection;
};

const ChoiceTable<idx::WeightingMethod>& MethodWords() {
  static const auto* table = new ChoiceTable<idx::WeightingMethod>{
      {"entropy", idx::WEIGHTING_METHOD_ENTROPY},
      {"critic", idx::WEIGHTING_METHOD_CRITIC},
      {"cv", idx::WEIGHTING_METHOD_COEFFICIENT_OF_VARIATION},
      {"equal", idx::WEIGHTING_METHOD_EQUAL},
      {"entropy-topsis", idx::WEIGHTING_METHOD_ENTROPY_TOPSIS}};
  return *table;
}

const ChoiceTable<idx::Pooling>& PoolingWords() {
  static const auto* table = new ChoiceTable<idx::Pooling>{
      {"pooled", idx::POOLING_POOLED},
      {"per-period", idx::POOLING_PER_PERIOD},
      {"base", idx::POOLING_BASE_PERIOD}};
  return *table;
}

const ChoiceTable<idx::Hierarchy>& HierarchyWords() {
  static const auto* table = new ChoiceTable<idx::Hierarchy>{
      {"flat", idx::HIERARCHY_FLAT},
      {"summed-divergence", idx::HIERARCHY_SUMMED_DIVERGENCE},
      {"entropy-on-dimension-scores", idx::HIERARCHY_ENTROPY_ON_DIMENSION_SCORES}};
  return *table;
}

const ChoiceTable<idx::MissingPolicy>& MissingWords() {
  static const auto* table = new ChoiceTable<idx::MissingPolicy>{
      {"reject", idx::MISSING_POLICY_REJECT},
      {"listwise", idx::MISSING_POLICY_LISTWISE},
      {"interpolate", idx::MISSING_POLICY_INTERPOLATE_WITHIN_ENTITY}};
  return *table;
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

absl::StatusOr<idx::ComputeIndexRequest> BuildRequest(const IndexOptions& options) {
  idx::ComputeIndexRequest request;
  auto dimensions = ParseDimensions(options.dimension);
  if (!dimensions.ok()) return dimensions.status();
  auto add = [&](const std::string& column, idx::Direction direction) {
    auto* indicator = request.add_indicators();
    indicator->set_column(column);
    indicator->set_direction(direction);
    auto it = dimensions->find(column);
    if (it != dimensions->end()) indicator->set_dimension(it->second);
  };
  for (const auto& c : options.positive) add(c, idx::DIRECTION_POSITIVE);
  for (const auto& c : options.negative) add(c, idx::DIRECTION_NEGATIVE);
  if (request.indicators_size() == 0) return absl::InvalidArgumentError("give indicators with --positive and/or --negative");
  request.set_method(ValueOf(MethodWords(), options.method));
  request.set_pooling(ValueOf(PoolingWords(), options.pooling));
  request.set_base_period(options.base_period);
  request.set_hierarchy(ValueOf(HierarchyWords(), options.hierarchy));
  request.set_missing_policy(ValueOf(MissingWords(), options.missing));
  request.set_score_scale(options.scale);
  request.set_shift(options.shift);
  if (auto set = SetPanelOrDataset(options.panel, &request); !set.ok()) return set;
  return request;
}

std::string Fixed(double v, int digits = 6) {
  return std::isnan(v) ? "-" : absl::StrFormat("%.*f", digits, v);
}

ResultTable IndicatorWeightTable(const idx::ComputeIndexResponse& response) {
  ResultTable table("indicator-weights", "Indicator weights",
                    {"indicator", "dimension", "period", "entropy", "divergence", "weight", "w in dim"});
  for (const auto& w : response.weights()) {
    table.AddRow({w.column(), w.dimension(), w.period() ? absl::StrCat(w.period()) : "all",
                  Fixed(w.entropy()), Fixed(w.divergence()), Fixed(w.weight()),
                  Fixed(w.weight_within_dimension())});
  }
  return table;
}

ResultTable DimensionWeightTable(const idx::ComputeIndexResponse& response) {
  ResultTable dims("dimension-weights", "Dimension weights", {"dimension", "period", "weight"});
  for (const auto& d : response.dimension_weights()) {
    dims.AddRow({d.dimension(), d.period() ? absl::StrCat(d.period()) : "all", Fixed(d.weight())});
  }
  return dims;
}

// Rank of each row's score among the rows of its period (1 = highest; ties share the
// better rank, as published league tables do).
std::vector<int> RanksWithinPeriod(const idx::ComputeIndexRequest& request, const idx::ComputeIndexResponse& response) {
  std::vector<int> rank(response.scores_size(), 0);
  std::map<int64_t, std::vector<int>> rows_of_period;
  for (int r = 0; r < response.scores_size(); ++r) rows_of_period[request.panel().period(r)].push_back(r);
  for (auto& [period, rows] : rows_of_period) {
    std::sort(rows.begin(), rows.end(), [&](int a, int b) { return response.scores(a) > response.scores(b); });
    for (size_t k = 0; k < rows.size(); ++k) {
      const bool tie = k > 0 && response.scores(rows[k]) == response.scores(rows[k - 1]);
      rank[rows[k]] = tie ? rank[rows[k - 1]] : static_cast<int>(k) + 1;
    }
  }
  return rank;
}

// Scores per panel row: entity, period and rank from the inline panel; by reference the
// CLI never holds the rows, so the dataset's row number stands in and there is no rank.
ResultTable ScoreTable(const idx::ComputeIndexRequest& request, const idx::ComputeIndexResponse& response) {
  const bool inline_panel = request.dataset().empty();
  std::vector<std::string> header = inline_panel ? std::vector<std::string>{"entity", "period", "score", "rank"}
                                                 : std::vector<std::string>{"row", "score"};
  for (const auto& d : response.dimension_scores()) header.push_back("score_" + d.dimension());
  ResultTable table("scores", "Index scores", header);
  const std::vector<int> rank = inline_panel ? RanksWithinPeriod(request, response) : std::vector<int>{};
  for (int r = 0; r < response.scores_size(); ++r) {
    std::vector<std::string> row;
    if (inline_panel) {
      row = {request.panel().entity(r), absl::StrCat(request.panel().period(r)), Fixed(response.scores(r)),
             absl::StrCat(rank[r])};
    } else {
      row = {absl::StrCat(r), Fixed(response.scores(r))};
    }
    for (const auto& d : response.dimension_scores()) row.push_back(Fixed(d.scores(r)));
    table.AddRow(std::move(row));
  }
  return table;
}

void PrintWeights(const idx::ComputeIndexResponse& response) {
  std::printf("Indicator weights\n%s\n", IndicatorWeightTable(response).Render().c_str());
  std::printf("Dimension weights\n%s\n", DimensionWeightTable(response).Render().c_str());
  std::printf("rows used: %d, rows dropped: %d\n", response.rows_used(),
              response.provenance().dropped_rows_size());
}

TableOutput IndexOutput(const idx::ComputeIndexRequest& request, const idx::ComputeIndexResponse& response) {
  TableOutput out("Composite index");
  out.Add(IndicatorWeightTable(response));
  if (response.dimension_weights_size() > 0) out.Add(DimensionWeightTable(response));
  out.Add(ScoreTable(request, response));
  out.AddNote(absl::StrFormat("rows used: %d, rows dropped: %d", response.rows_used(),
                              response.provenance().dropped_rows_size()));
  return out;
}

// Enough digits that reading the CSV back gives the same double ("" for missing).
std::string RoundTripNumber(double value) { return std::isnan(value) ? "" : absl::StrFormat("%.17g", value); }

// One line per row, in the panel's order: entity and period from the inline panel; by
// reference (--dataset) the CLI never holds the rows, so the dataset's row number (upload
// order, from 0) stands in for them.
std::string ScoresCsv(const idx::ComputeIndexRequest& request,
                      const idx::ComputeIndexResponse& response) {
  const bool inline_panel = request.dataset().empty();
  std::string out = inline_panel ? "entity,period,score" : "row,score";
  for (const auto& d : response.dimension_scores()) absl::StrAppend(&out, ",", reporting::CsvField("score_" + d.dimension()));
  out += "\n";
  for (int r = 0; r < response.scores_size(); ++r) {
    if (inline_panel) {
      absl::StrAppend(&out, reporting::CsvField(request.panel().entity(r)), ",", request.panel().period(r), ",");
    } else {
      absl::StrAppend(&out, r, ",");
    }
    absl::StrAppend(&out, RoundTripNumber(response.scores(r)));
    for (const auto& d : response.dimension_scores()) absl::StrAppend(&out, ",", RoundTripNumber(d.scores(r)));
    out += "\n";
  }
  return out;
}

int WriteScoresCsv(const idx::ComputeIndexRequest& request, const idx::ComputeIndexResponse& response,
                   const std::string& path) {
  absl::Status written = WriteOutputFile(path, ScoresCsv(request, response));
  if (!written.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(written.message()).c_str());
    return kExitFailure;
  }
  std::printf("scores written to %s\n", path.c_str());
  return 0;
}

int RunIndex(const CLI::App& command, const IndexOptions& options) {
  auto request = BuildRequest(options);
  if (!request.ok()) return UsageError(command, std::string(request.status().message()));
  auto connection = Connection::Open(options.connection);
  if (!connection.ok()) return UsageError(command, std::string(connection.status().message()));
  auto stub = idx::IndexService::NewStub(connection->channel());
  grpc::ClientContext context;
  connection->Prepare(&context);
  idx::ComputeIndexResponse response;
  grpc::Status status = stub->ComputeIndex(&context, *request, &response);
  if (!status.ok()) return PrintRpcError(status);
  PrintWeights(response);
  // A .csv keeps its meaning from before --out took every format: the scores at full
  // precision, one line per panel row, ready to merge back. Other formats get the tables.
  if (absl::EndsWithIgnoreCase(options.out, ".csv")) return WriteScoresCsv(*request, response, options.out);
  return WriteTableOutput(IndexOutput(*request, response), options.out);
}

void AddIndicatorOptions(CLI::App* command, IndexOptions* o) {
  const std::string group = "Indicators";
  AddList(command, "--positive", &o->positive, "COL,...", "indicators where more is better")->group(group);
  AddList(command, "--negative", &o->negative, "COL,...", "indicators where less is better")->group(group);
  command->add_option("--dimension", o->dimension, "two-level index: indicators per dimension")
      ->type_name("'NAME=a,b;NAME=c'")->group(group);
}

void AddWeightingOptions(CLI::App* command, IndexOptions* o) {
  const std::string group = "Weighting";
  AddChoice(command, "--method", &o->method, Names(MethodWords()), "weighting method",
            {{"coefficient-of-variation", "cv"}, {"topsis", "entropy-topsis"}})->group(group);
  AddChoice(command, "--pooling", &o->pooling, Names(PoolingWords()),
            "weights from all periods together, each period, or the base period",
            {{"base-period", "base"}})->group(group);
  CLI::Option* base = command->add_option("--base-period", o->base_period,
                                          "base period for --pooling base")->type_name("YEAR")->group(group);
  AddHiddenAlias(command, "--base_period", &o->base_period, base);
  AddChoice(command, "--hierarchy", &o->hierarchy, Names(HierarchyWords()),
            "how dimension weights combine (with --dimension)")->group(group);
  command->add_option("--shift", o->shift, "added to normalised values before the proportions")
      ->type_name("X")->group(group);
  AddChoice(command, "--missing", &o->missing, Names(MissingWords()), "missing indicator values")
      ->group(group);
  command->add_option("--scale", o->scale, "score scale (1 or 100)")->type_name("S")->group(group);
}

}  // namespace

void AddIndexCommand(CLI::App& root) {
  auto options = std::make_shared<IndexOptions>();
  CLI::App* command = root.add_subcommand("index", "composite index (entropy weights) from a CSV panel");
  AddPanelOptions(command, &options->panel);
  AddDatasetOption(command, &options->panel);
  AddIndicatorOptions(command, options.get());
  AddWeightingOptions(command, options.get());
  AddOutOption(command, &options->out)
      ->description("where the results go: a .csv gets the scores at full precision (one line per panel row); "
                    ".xlsx .docx .pdf .tex .md .html .json get the weight and score tables")
      ->capture_default_str();
  AddConnectionOptions(command, &options->connection, "127.0.0.1:50051", 60);
  SetRun(command, [command, options] { return RunIndex(*command, *options); });
}

}  // namespace govmetrics::cli
