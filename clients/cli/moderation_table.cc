#include "clients/cli/moderation_table.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace govmetrics::cli {
namespace {

namespace mv1 = govmetrics::modeling::v1;

std::string Num(double v, const char* format) { return std::isfinite(v) ? absl::StrFormat(format, v) : "-"; }

absl::Status BadEntry(const std::string& entry, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat("--interaction '", entry, "': ", why,
                                                 " (FOCAL:MODERATOR or FOCAL:MODERATOR=V1,V2,...)"));
}

absl::StatusOr<mv1::InteractionTerm> ParseInteraction(const std::string& entry) {
  const std::pair<std::string, std::string> term_values = absl::StrSplit(entry, absl::MaxSplits('=', 1));
  const std::vector<std::string> names = absl::StrSplit(term_values.first, ':');
  if (names.size() != 2 || names[0].empty() || names[1].empty()) return BadEntry(entry, "expected two columns");
  mv1::InteractionTerm term;
  term.set_focal(names[0]);
  term.set_moderator(names[1]);
  if (entry.find('=') == std::string::npos) return term;
  for (absl::string_view v : absl::StrSplit(term_values.second, ',')) {
    double value = 0;
    if (!absl::SimpleAtod(v, &value)) return BadEntry(entry, absl::StrCat("'", v, "' is not a number"));
    term.add_moderator_values(value);
  }
  return term;
}

ResultTable SlopesTable(const mv1::ModerationResult& m) {
  ResultTable table(absl::StrCat("simple-slopes-", m.focal(), "-", m.moderator()),
                    absl::StrCat("Simple slopes of ", m.focal(), " by ", m.moderator(), m.centered() ? " (centred)" : ""),
                    {m.moderator(), "value", "slope", "std err", "p", "CI lower", "CI upper"});
  for (const auto& s : m.simple_slopes()) {
    table.AddRow({s.at_label(), Num(s.at(), "%.4f"), Num(s.slope(), "%.6f"), Num(s.std_error(), "%.6f"),
                  Num(s.p_value(), "%.4g"), Num(s.ci_lower(), "%.6f"), Num(s.ci_upper(), "%.6f")});
  }
  if (m.has_johnson_neyman()) {
    const auto& jn = m.johnson_neyman();
    table.AddNote(absl::StrFormat("Johnson-Neyman: the slope is significant %s [%s, %s]; %s observed in [%s, %s]",
                                  jn.region(), Num(jn.lower(), "%.6g"), Num(jn.upper(), "%.6g"), m.moderator(),
                                  Num(jn.observed_min(), "%.6g"), Num(jn.observed_max(), "%.6g")));
  }
  return table;
}

}  // namespace

absl::StatusOr<mv1::ModerationSpec> ParseInteractions(const std::vector<std::string>& entries, bool center) {
  mv1::ModerationSpec spec;
  for (const auto& entry : entries) {
    auto term = ParseInteraction(entry);
    if (!term.ok()) return term.status();
    *spec.add_interactions() = *std::move(term);
  }
  spec.set_center(center);
  return spec;
}

std::vector<ResultTable> ModerationTables(const mv1::FitPanelModelResponse& fit) {
  std::vector<ResultTable> tables;
  for (const auto& m : fit.moderation()) tables.push_back(SlopesTable(m));
  return tables;
}

}  // namespace govmetrics::cli
