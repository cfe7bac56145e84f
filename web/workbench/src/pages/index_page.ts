// Page 2: a composite index. Pick indicators with their direction and dimension, the
// weighting method, pooling and hierarchy; IndexService.ComputeIndex answers with the
// weights (table and chart) and a score per row, shown with its rank within the period
// and downloadable as CSV.
import { ApiError, call } from "../api";
import { barChart } from "../chart";
import { toCsv } from "../csv";
import { numericColumns, toPanel } from "../dataset";
import { downloadLink, field, h, select, status, table } from "../dom";
import { formatNumber, t } from "../i18n";
import { state } from "../state";
import type { IndicatorChoice } from "../state";

interface Weight { column: string; dimension?: string; weight?: number; entropy?: number; period?: number }
interface IndexResult { weights?: Weight[]; scores?: Array<number | string>; rowsUsed?: number }

const METHODS = ["WEIGHTING_METHOD_ENTROPY", "WEIGHTING_METHOD_CRITIC", "WEIGHTING_METHOD_COEFFICIENT_OF_VARIATION",
                 "WEIGHTING_METHOD_EQUAL", "WEIGHTING_METHOD_ENTROPY_TOPSIS"];
const POOLINGS = ["POOLING_POOLED", "POOLING_PER_PERIOD"];
const HIERARCHIES = ["HIERARCHY_FLAT", "HIERARCHY_SUMMED_DIVERGENCE", "HIERARCHY_ENTROPY_ON_DIMENSION_SCORES"];

export function ensureIndicators(): IndicatorChoice[] {
  const d = state.dataset;
  if (d && state.indicators.length === 0) {
    state.indicators = numericColumns(d).map((column) => ({
      column, use: false, direction: "DIRECTION_POSITIVE", dimension: "",
    }));
  }
  return state.indicators;
}

export function chosenIndicators(): Array<{ column: string; direction: string; dimension: string }> {
  return ensureIndicators().filter((i) => i.use)
    .map(({ column, direction, dimension }) => ({ column, direction, dimension: dimension.trim() }));
}

function enumOptions(values: string[]): Array<[string, string]> {
  return values.map((v) => [v, t(`enum.${v}`)]);
}

function indicatorRow(choice: IndicatorChoice): Array<string | Node> {
  const label = t("index.useColumn", { column: choice.column });
  return [
    h("input", { type: "checkbox", name: "indicator", value: choice.column, checked: choice.use, "aria-label": label,
                 onchange: (e: Event) => { choice.use = (e.target as HTMLInputElement).checked; } }),
    choice.column,
    select([["DIRECTION_POSITIVE", t("enum.DIRECTION_POSITIVE")], ["DIRECTION_NEGATIVE", t("enum.DIRECTION_NEGATIVE")]],
      choice.direction, { name: `direction-${choice.column}`, "aria-label": t("index.directionOf", { column: choice.column }),
        onchange: (e: Event) => { choice.direction = (e.target as HTMLSelectElement).value as IndicatorChoice["direction"]; } }),
    h("input", { type: "text", name: `dimension-${choice.column}`, value: choice.dimension, "aria-label": t("index.dimensionOf", { column: choice.column }),
                 oninput: (e: Event) => { choice.dimension = (e.target as HTMLInputElement).value; } }),
  ];
}

async function compute(refresh: () => void): Promise<void> {
  state.error.delete("index");
  const indicators = chosenIndicators();
  if (indicators.length < 2) {
    state.error.set("index", t("index.pickTwo"));
    return refresh();
  }
  const hierarchy = indicators.some((i) => i.dimension) ? state.index.hierarchy : "HIERARCHY_FLAT";
  try {
    state.indexResult = await call("POST", "/v1/index:compute", {
      panel: toPanel(state.dataset!), indicators, method: state.index.method,
      pooling: state.index.pooling, hierarchy,
    });
  } catch (error) {
    state.error.set("index", error instanceof ApiError ? error.message : String(error));
  }
  refresh();
}

// Ranks within each period: 1 = highest score; rows without a score get no rank.
function ranks(periods: number[], scores: number[]): number[] {
  const out = scores.map(() => NaN);
  for (const p of new Set(periods)) {
    const rows = scores.map((_, i) => i).filter((i) => periods[i] === p && Number.isFinite(scores[i]));
    rows.sort((a, b) => scores[b] - scores[a]).forEach((row, k) => { out[row] = k + 1; });
  }
  return out;
}

function results(result: IndexResult): HTMLElement {
  const d = state.dataset!;
  const panel = toPanel(d);
  const scores = (result.scores ?? []).map((s) => Number(s));
  const rank = ranks(panel.period, scores);
  const weights = (result.weights ?? []).filter((w) => !w.period);
  const rows = panel.entity.map((e, i) => [e, String(panel.period[i]), formatNumber(scores[i]), Number.isFinite(rank[i]) ? String(rank[i]) : "—"]);
  const csv = toCsv([d.entity, d.period, "score", "rank"],
    panel.entity.map((e, i) => [e, panel.period[i], Number.isFinite(scores[i]) ? scores[i] : "", Number.isFinite(rank[i]) ? rank[i] : ""]));
  return h("section", { "aria-labelledby": "index-results-h", class: "results" },
    h("h3", { id: "index-results-h" }, t("index.results", { rows: result.rowsUsed ?? 0 })),
    table(t("index.weights"), [t("index.indicator"), t("index.dimension"), t("index.weight")],
      weights.map((w) => [w.column, w.dimension ?? "", formatNumber(w.weight ?? 0)]), 2),
    h("figure", {}, barChart(t("index.chart"), weights.map((w) => ({ label: w.column, value: w.weight ?? 0 })),
      (v) => formatNumber(v, 3)), h("figcaption", {}, t("index.chart"))),
    h("p", {}, downloadLink(t("index.download"), "index_scores.csv", csv, "text/csv")),
    table(t("index.scores"), [d.entity, d.period, t("index.score"), t("index.rank")], rows, 2));
}

export function renderIndex(refresh: () => void): HTMLElement {
  if (!state.dataset) return h("section", {}, h("h2", { id: "page-h" }, t("nav.index")), status("info", t("common.needData")));
  const choices = ensureIndicators();
  const error = state.error.get("index");
  const result = state.indexResult as IndexResult | null;
  return h("section", { "aria-labelledby": "page-h" },
    h("h2", { id: "page-h" }, t("nav.index")),
    h("p", {}, t("index.intro")),
    table(t("index.indicators"), [t("index.use"), t("index.indicator"), t("index.direction"), t("index.dimension")],
      choices.map(indicatorRow)),
    h("div", { class: "row" },
      field(t("index.method"), select(enumOptions(METHODS), state.index.method,
        { onchange: (e: Event) => { state.index.method = (e.target as HTMLSelectElement).value; } })),
      field(t("index.pooling"), select(enumOptions(POOLINGS), state.index.pooling,
        { onchange: (e: Event) => { state.index.pooling = (e.target as HTMLSelectElement).value; } })),
      field(t("index.hierarchy"), select(enumOptions(HIERARCHIES), state.index.hierarchy,
        { onchange: (e: Event) => { state.index.hierarchy = (e.target as HTMLSelectElement).value; } }))),
    h("button", { type: "button", class: "primary", id: "compute-index", onclick: () => void compute(refresh) }, t("index.compute")),
    error ? status("error", error) : null,
    result ? results(result) : null);
}
