// Page 4: a whole study (ReportingService.StreamStudy over server-sent events): the
// explanatory variable (a column or the index of page 2), outcome, controls, mediators,
// groups, robustness checks, bootstrap size and report language; a live progress bar;
// then the report in the page and every document to download.
import { ApiError, stream } from "../api";
import type { ServerEvent } from "../api";
import { labelColumns, numericColumns, toPanel } from "../dataset";
import { downloadLink, field, h, replace, select, status } from "../dom";
import { language, t } from "../i18n";
import { documentBytes, reportView } from "../report_view";
import { state } from "../state";
import type { StudyResult } from "../state";
import { chosenIndicators } from "./index_page";

const INDEX = "__index__";
const ROBUSTNESS = ["ROBUSTNESS_CHECK_LAGGED_REGRESSOR", "ROBUSTNESS_CHECK_WINSORIZED", "ROBUSTNESS_CHECK_DRISCOLL_KRAAY",
                    "ROBUSTNESS_CHECK_TWO_WAY_CLUSTER", "ROBUSTNESS_CHECK_ALTERNATIVE_WEIGHTING"];
// Binary ones (XLSX, DOCX, PDF) arrive as Document.binary_content and download as bytes.
const FORMATS = ["FORMAT_HTML", "FORMAT_MARKDOWN", "FORMAT_LATEX", "FORMAT_CSV", "FORMAT_JSON", "FORMAT_XLSX",
                 "FORMAT_DOCX", "FORMAT_PDF"];
const SEED = "20240901";

function robustnessSpec(check: string): Record<string, unknown> {
  if (check === "ROBUSTNESS_CHECK_LAGGED_REGRESSOR") return { check, lag: 1 };
  if (check === "ROBUSTNESS_CHECK_WINSORIZED") return { check, winsorLower: 0.01, winsorUpper: 0.99 };
  if (check === "ROBUSTNESS_CHECK_ALTERNATIVE_WEIGHTING") return { check, alternativeMethod: "WEIGHTING_METHOD_CRITIC" };
  return { check };
}

function explanatory(): Record<string, unknown> {
  if (state.study.explanatory !== INDEX) return { column: state.study.explanatory };
  const indicators = chosenIndicators();
  const hierarchy = indicators.some((i) => i.dimension) ? state.index.hierarchy : "HIERARCHY_FLAT";
  return { index: { name: "composite_index", indicators, method: state.index.method, hierarchy }, label: t("study.indexLabel") };
}

export function studySpec(): Record<string, unknown> {
  const s = state.study;
  const usesIndex = s.explanatory === INDEX;
  return {
    title: s.title || t("study.defaultTitle"),
    explanatory: explanatory(),
    outcome: { column: s.outcome },
    controls: s.controls.filter((c) => c !== s.outcome && c !== s.explanatory),
    mediators: s.mediators.map((column) => ({ column })),
    groupBy: s.groupBy,
    robustness: s.robustness.filter((c) => usesIndex || c !== "ROBUSTNESS_CHECK_ALTERNATIVE_WEIGHTING").map(robustnessSpec),
    variance: { type: "VARIANCE_TYPE_CLUSTER", clusterBy: ["entity"], smallSample: "SMALL_SAMPLE_STATA" },
    bootstrap: { replications: s.replications, seed: SEED },
    permutations: s.permutations,
    seed: SEED,
    formats: s.formats,
    language: (s.language || language()) === "zh" ? "LANGUAGE_ZH" : "LANGUAGE_EN",
  };
}

function progressBar(): HTMLElement {
  const p = state.progress;
  if (!p) return h("div", {});
  const label = t("study.progress", { completed: p.completed, total: p.total });
  return h("div", { class: "progress" },
    h("progress", { max: Math.max(p.total, 1), value: p.completed, "aria-label": label }),
    h("p", { role: "status" }, `${label}: ${p.message || p.step}`));
}

function onEvent(e: ServerEvent): void {
  const data = e.data as { progress?: { step?: string; completed?: number; total?: number; message?: string }; result?: StudyResult; error?: { message?: string } };
  if (e.event === "error") throw new Error(data.error?.message ?? "error");
  if (data.progress) {
    const p = data.progress;
    state.progress = { step: p.step ?? "", completed: p.completed ?? 0, total: p.total ?? 0, message: p.message ?? "" };
    const slot = document.getElementById("study-progress");
    if (slot) replace(slot, progressBar());
  }
  if (data.result) state.studyResult = { documents: data.result.documents ?? [] };
}

async function run(refresh: () => void): Promise<void> {
  state.error.delete("study");
  if (!state.study.explanatory || !state.study.outcome) {
    state.error.set("study", t("study.pick"));
    return refresh();
  }
  state.studyResult = null;
  state.progress = { step: "", completed: 0, total: 0, message: t("study.starting") };
  refresh();
  try {
    await stream("POST", "/v1/study:stream", { panel: toPanel(state.dataset!), spec: studySpec() }, onEvent);
  } catch (error) {
    state.error.set("study", error instanceof ApiError || error instanceof Error ? error.message : String(error));
  }
  refresh();
}

function checkboxes(name: string, legend: string, options: Array<[string, string]>, chosen: string[],
                    update: (next: string[]) => void): HTMLElement {
  return h("fieldset", { class: "checks" }, h("legend", {}, legend),
    options.map(([value, text]) => h("label", {},
      h("input", { type: "checkbox", name, value, checked: chosen.includes(value),
        onchange: (e: Event) => {
          const on = (e.target as HTMLInputElement).checked;
          chosen = on ? [...chosen.filter((c) => c !== value), value] : chosen.filter((c) => c !== value);
          update(chosen);
        } }), text)));
}

function numberInput(id: string, value: number, min: number, update: (v: number) => void): HTMLInputElement {
  return h("input", { id, type: "number", min, step: 1, value, inputmode: "numeric",
    onchange: (e: Event) => update(Math.max(min, Number((e.target as HTMLInputElement).value) || min)) });
}

export function studyResults(result: StudyResult, error?: string): HTMLElement {
  const html = result.documents.find((d) => d.fileName === "report.html");
  return h("section", { "aria-labelledby": "study-results-h", class: "results" },
    h("h3", { id: "study-results-h" }, t("study.documents")),
    error ? status("error", error) : null,
    h("ul", { class: "documents" }, result.documents.map((d) =>
      h("li", {}, downloadLink(d.fileName, d.fileName.split("/").pop() ?? d.fileName, documentBytes(d), d.mediaType)))),
    html ? [h("h3", {}, t("study.report")), reportView(html.content ?? "", t("study.report"))] : null);
}

function form(refresh: () => void): HTMLElement[] {
  const d = state.dataset!;
  const s = state.study;
  const columns = numericColumns(d).map((c): [string, string] => [c, c]);
  const canIndex = chosenIndicators().length >= 2;
  const pick = (update: (v: string) => void) => (e: Event) => update((e.target as HTMLSelectElement).value);
  return [
    field(t("study.title"), h("input", { id: "study-title", type: "text", value: s.title, placeholder: t("study.defaultTitle"),
      oninput: (e: Event) => { s.title = (e.target as HTMLInputElement).value; } })),
    h("div", { class: "row" },
      field(t("study.explanatory"), select([["", t("common.choose")], ...(canIndex ? [[INDEX, t("study.theIndex")] as [string, string]] : []), ...columns],
        s.explanatory, { id: "study-explanatory", onchange: pick((v) => { s.explanatory = v; }) }), canIndex ? undefined : t("study.indexHint")),
      field(t("study.outcome"), select([["", t("common.choose")], ...columns], s.outcome, { id: "study-outcome", onchange: pick((v) => { s.outcome = v; }) })),
      field(t("study.groupBy"), select([["", t("study.noGroups")], ...labelColumns(d).map((c): [string, string] => [c, c])], s.groupBy,
        { id: "study-group", onchange: pick((v) => { s.groupBy = v; }) }))),
    checkboxes("control", t("study.controls"), columns, s.controls, (v) => { s.controls = v; }),
    checkboxes("mediator", t("study.mediators"), columns, s.mediators, (v) => { s.mediators = v; }),
    checkboxes("robustness", t("study.robustness"), ROBUSTNESS.map((r): [string, string] => [r, t(`enum.${r}`)]), s.robustness, (v) => { s.robustness = v; }),
    h("div", { class: "row" },
      field(t("study.replications"), numberInput("study-replications", s.replications, 49, (v) => { s.replications = v; })),
      field(t("study.permutations"), numberInput("study-permutations", s.permutations, 49, (v) => { s.permutations = v; })),
      field(t("study.language"), select([["en", "English"], ["zh", "中文"]], s.language || language(),
        { id: "study-language", onchange: pick((v) => { s.language = v; }) }))),
    checkboxes("format", t("study.formats"), FORMATS.map((f): [string, string] => [f, t(`enum.${f}`)]), s.formats, (v) => { s.formats = v; }),
    h("button", { type: "button", class: "primary", id: "run-study", onclick: () => void run(refresh) }, t("study.run")),
  ];
}

export function renderStudy(refresh: () => void): HTMLElement {
  if (!state.dataset) return h("section", {}, h("h2", { id: "page-h" }, t("nav.study")), status("info", t("common.needData")));
  const error = state.error.get("study");
  return h("section", { "aria-labelledby": "page-h" },
    h("h2", { id: "page-h" }, t("nav.study")),
    h("p", {}, t("study.intro")),
    ...form(refresh),
    h("div", { id: "study-progress", "aria-live": "polite" }, progressBar()),
    error ? status("error", error) : null,
    state.studyResult ? studyResults(state.studyResult) : null);
}
