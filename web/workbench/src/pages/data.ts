// Page 1: read a CSV file, show its preview, column types and detected entity/period,
// and list every problem by row and column: the cells the browser cannot put in a panel,
// then what the services' own validation says (google.rpc.BadRequest field paths).
import { ApiError, call } from "../api";
import { labelColumns, locateField, numericColumns, problemsOf, readDataset, toPanel } from "../dataset";
import type { Dataset } from "../dataset";
import { field, h, select, status, table } from "../dom";
import { t } from "../i18n";
import { resetForDataset, state } from "../state";

const PREVIEW_ROWS = 10;

// The services read the panel once (DescribeVariables validates it like every call).
async function checkWithServices(d: Dataset): Promise<void> {
  try {
    await call("POST", "/v1/variables:describe", { panel: toPanel(d), columns: numericColumns(d).slice(0, 1) });
    state.serviceCheck = { ok: true, message: "", violations: [] };
  } catch (error) {
    const e = error instanceof ApiError ? error : new ApiError(String(error), 0, "", []);
    state.serviceCheck = { ok: false, message: e.message, violations: e.violations };
  }
}

async function load(file: File, refresh: () => void): Promise<void> {
  state.error.delete("data");
  try {
    const d = readDataset(file.name, await file.text(), file);
    resetForDataset(d, problemsOf(d));
  } catch {
    state.error.set("data", t("data.unreadable", { file: file.name }));
    return refresh();
  }
  refresh();
  await checkWithServices(state.dataset!);
  refresh();
}

async function changeKey(which: "entity" | "period", value: string, refresh: () => void): Promise<void> {
  const d = state.dataset!;
  d[which] = value;
  resetForDataset(d, problemsOf(d));
  refresh();
  await checkWithServices(d);
  refresh();
}

function summary(d: Dataset): HTMLElement {
  const entities = new Set(d.rows.map((r) => r[d.header.indexOf(d.entity)])).size;
  const periods = new Set(d.rows.map((r) => r[d.header.indexOf(d.period)])).size;
  return h("p", { class: "summary" }, t("data.summary", {
    file: d.fileName, rows: d.rows.length, entities, periods,
    numeric: numericColumns(d).length, labels: labelColumns(d).length,
  }));
}

function keyControls(d: Dataset, refresh: () => void): HTMLElement {
  const options = d.header.map((c): [string, string] => [c, c]);
  return h("div", { class: "row" },
    field(t("data.entity"), select(options, d.entity, { id: "data-entity",
      onchange: (e: Event) => void changeKey("entity", (e.target as HTMLSelectElement).value, refresh),
    })),
    field(t("data.period"), select(options, d.period, { id: "data-period",
      onchange: (e: Event) => void changeKey("period", (e.target as HTMLSelectElement).value, refresh),
    })));
}

function typeName(d: Dataset, name: string, type: string): string {
  if (name === d.entity) return t("type.entity");
  if (name === d.period) return t("type.period");
  return t(`type.${type}`);
}

function columnTypes(d: Dataset): HTMLElement {
  return table(t("data.columns"), [t("data.column"), t("data.type"), t("data.missing")],
    d.columns.map((c) => [c.name, typeName(d, c.name, c.type), String(c.missing)]), 2);
}

function preview(d: Dataset): HTMLElement {
  return table(t("data.preview", { n: Math.min(PREVIEW_ROWS, d.rows.length) }), d.header,
    d.rows.slice(0, PREVIEW_ROWS));
}

function problemList(d: Dataset): HTMLElement {
  const rows = state.problems.map((p) => [String(p.row), p.column, t(p.key), p.value]);
  const check = state.serviceCheck;
  const fromServices = check && !check.ok
    ? (check.violations.length ? check.violations : [{ field: "", description: check.message }])
      .map((v) => { const at = locateField(d, v.field); return [at.row ? String(at.row) : "", at.column, v.description, ""]; })
    : [];
  const all = [...rows, ...fromServices];
  const verdict = !check ? status("info", t("data.checking"))
    : all.length === 0 ? status("ok", t("data.valid", { rows: d.rows.length }))
    : status("error", t("data.problems", { n: all.length }));
  return h("section", { id: "problems", "aria-labelledby": "problems-h" },
    h("h3", { id: "problems-h" }, t("data.validation")), verdict,
    all.length ? table(t("data.problemTable"), [t("data.row"), t("data.column"), t("data.problem"), t("data.value")], all) : null);
}

export function renderData(refresh: () => void): HTMLElement {
  const input = h("input", {
    id: "data-file", type: "file", accept: ".csv,.tsv,.txt,text/csv",
    onchange: (e: Event) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (file) void load(file, refresh);
    },
  });
  const d = state.dataset;
  const error = state.error.get("data");
  return h("section", { "aria-labelledby": "page-h" },
    h("h2", { id: "page-h" }, t("nav.data")),
    h("p", {}, t("data.intro")),
    field(t("data.file"), input, t("data.fileHint")),
    error ? status("error", error) : null,
    d ? [summary(d), keyControls(d, refresh), problemList(d), columnTypes(d), preview(d)] : null);
}
