// Page 3: a fixed-effects panel regression (ModelingService.FitPanelModel): dependent,
// regressors, fixed effects and the variance convention; the coefficient table.
import { ApiError, call } from "../api";
import { numericColumns, toPanel } from "../dataset";
import { field, h, select, status, table } from "../dom";
import { formatNumber, t } from "../i18n";
import { state } from "../state";

interface Coefficient { name: string; estimate?: number; stdError?: number; statistic?: number; pValue?: number; ciLower?: number; ciUpper?: number }
interface ModelResult { coefficients?: Coefficient[]; nObs?: number; nEntities?: number; rSquaredWithin?: number; rSquared?: number }

const FIXED_EFFECTS = ["FIXED_EFFECTS_TWO_WAY", "FIXED_EFFECTS_ENTITY", "FIXED_EFFECTS_PERIOD", "FIXED_EFFECTS_NONE"];
const VARIANCES = ["VARIANCE_TYPE_CLUSTER", "VARIANCE_TYPE_HC1", "VARIANCE_TYPE_DRISCOLL_KRAAY", "VARIANCE_TYPE_IID"];

function varianceSpec(type: string): Record<string, unknown> {
  // Clustered by entity with Stata's small-sample factor: the convention of the studies.
  return type === "VARIANCE_TYPE_CLUSTER"
    ? { type, clusterBy: ["entity"], smallSample: "SMALL_SAMPLE_STATA" } : { type };
}

async function fit(refresh: () => void): Promise<void> {
  state.error.delete("model");
  const m = state.model;
  if (!m.dependent || m.regressors.length === 0) {
    state.error.set("model", t("model.pick"));
    return refresh();
  }
  try {
    state.modelResult = await call("POST", "/v1/panelModel:fit", {
      panel: toPanel(state.dataset!), dependent: m.dependent,
      regressors: m.regressors.filter((r) => r !== m.dependent),
      fixedEffects: m.fixedEffects, variance: varianceSpec(m.variance),
    });
  } catch (error) {
    state.error.set("model", error instanceof ApiError ? error.message : String(error));
  }
  refresh();
}

function regressorBoxes(columns: string[]): HTMLElement {
  return h("fieldset", { class: "checks" }, h("legend", {}, t("model.regressors")),
    columns.map((c) => h("label", {},
      h("input", { type: "checkbox", name: "regressor", value: c, checked: state.model.regressors.includes(c),
        onchange: (e: Event) => {
          const on = (e.target as HTMLInputElement).checked;
          state.model.regressors = on ? [...state.model.regressors, c] : state.model.regressors.filter((r) => r !== c);
        } }), c)));
}

function results(r: ModelResult): HTMLElement {
  const f = (v?: number): string => formatNumber(v ?? NaN);
  return h("section", { "aria-labelledby": "model-results-h", class: "results" },
    h("h3", { id: "model-results-h" }, t("model.results", { n: r.nObs ?? 0, entities: r.nEntities ?? 0,
      r2: formatNumber(r.rSquaredWithin ?? r.rSquared ?? NaN) })),
    table(t("model.coefficients"),
      [t("model.term"), t("model.estimate"), t("model.stdError"), t("model.statistic"), t("model.pValue"), t("model.ci")],
      (r.coefficients ?? []).map((c) => [c.name, f(c.estimate), f(c.stdError), f(c.statistic), f(c.pValue),
                                         `[${f(c.ciLower)}, ${f(c.ciUpper)}]`]), 1));
}

export function renderModel(refresh: () => void): HTMLElement {
  if (!state.dataset) return h("section", {}, h("h2", { id: "page-h" }, t("nav.model")), status("info", t("common.needData")));
  const columns = numericColumns(state.dataset);
  const m = state.model;
  const error = state.error.get("model");
  return h("section", { "aria-labelledby": "page-h" },
    h("h2", { id: "page-h" }, t("nav.model")),
    h("p", {}, t("model.intro")),
    field(t("model.dependent"), select([["", t("common.choose")], ...columns.map((c): [string, string] => [c, c])], m.dependent,
      { id: "model-dependent", onchange: (e: Event) => { m.dependent = (e.target as HTMLSelectElement).value; } })),
    regressorBoxes(columns),
    h("div", { class: "row" },
      field(t("model.fixedEffects"), select(FIXED_EFFECTS.map((v): [string, string] => [v, t(`enum.${v}`)]), m.fixedEffects,
        { id: "model-fixed-effects", onchange: (e: Event) => { m.fixedEffects = (e.target as HTMLSelectElement).value; } })),
      field(t("model.variance"), select(VARIANCES.map((v): [string, string] => [v, t(`enum.${v}`)]), m.variance,
        { id: "model-variance", onchange: (e: Event) => { m.variance = (e.target as HTMLSelectElement).value; } }))),
    h("button", { type: "button", class: "primary", id: "fit-model", onclick: () => void fit(refresh) }, t("model.fit")),
    error ? status("error", error) : null,
    state.modelResult ? results(state.modelResult as ModelResult) : null);
}
