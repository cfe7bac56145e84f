// Page 1: read a data file, show its preview, column types and detected entity/period,
// and list every problem by row and column: the cells the browser cannot put in a panel,
// then what the services' own validation says (google.rpc.BadRequest field paths).
// A CSV is read here; Excel, Stata, SPSS and SAS files are read by the workspace
// (POST /v1/datasets:upload), and their rows come back (GET /v1/{dataset}:read) for the
// same preview.
import { ApiError, call, stream, token, upload } from "../api";
import { labelColumns, locateField, numericColumns, problemsOf, readDataset, toPanel } from "../dataset";
import type { Dataset, Panel } from "../dataset";
import { field, h, select, status, table } from "../dom";
import { t } from "../i18n";
import { resetForDataset, state } from "../state";

const PREVIEW_ROWS = 10;
// Files the browser cannot read (binary, random access): the workspace reads them.
const STORED_FORMATS = /\.(xlsx|xlsm|dta|sav|zsav|sas7bdat)$/i;

// A file waiting to be read by the workspace, and the column names that read needs.
const stored = { file: null as File | null, entity: "entity", period: "year", reading: false, dataset: "" };

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

// The stored dataset's rows as CSV text (entity, period, labels, numeric columns), so
// the browser's own reader gives the preview, column types and problems as for a CSV.
async function storedAsCsv(name: string, entity: string, period: string): Promise<string> {
  const lines: string[] = [];
  await stream("GET", `/v1/${name}:read`, undefined, (e) => {
    const data = e.data as { chunk?: Partial<Panel>; error?: { message?: string } };
    if (e.event === "error") throw new Error(data.error?.message ?? "error");
    const chunk = data.chunk;
    if (!chunk) return;
    const labels = chunk.labels ?? [];
    const columns = chunk.columns ?? [];
    if (!lines.length) lines.push([entity, period, ...labels.map((l) => l.name), ...columns.map((c) => c.name)].map(csvCell).join(","));
    (chunk.entity ?? []).forEach((id, i) => {
      lines.push([id, String(chunk.period?.[i] ?? ""), ...labels.map((l) => l.values[i] ?? ""),
                  ...columns.map((c) => String(c.values[i] ?? ""))].map(csvCell).join(","));
    });
  });
  return lines.join("\n");
}

async function readStored(refresh: () => void): Promise<void> {
  const file = stored.file!;
  state.error.delete("data");
  stored.reading = true;
  refresh();
  try {
    const query = new URLSearchParams({ fileName: file.name, displayName: file.name, entity: stored.entity, period: stored.period });
    const created = await upload<{ dataset: { name: string } }>(`/v1/datasets:upload?${query}`, file, "application/octet-stream");
    const d = readDataset(file.name, await storedAsCsv(created.dataset.name, stored.entity, stored.period), file);
    d.entity = stored.entity;
    d.period = stored.period;
    stored.dataset = created.dataset.name;
    resetForDataset(d, problemsOf(d));
  } catch (error) {
    state.error.set("data", error instanceof ApiError ? `${error.message} (HTTP ${error.httpStatus})` : String(error));
  }
  stored.reading = false;
  refresh();
  if (state.dataset && stored.dataset) {
    await checkWithServices(state.dataset);
    refresh();
  }
}

function storedForm(file: File, refresh: () => void): HTMLElement {
  const text = (id: string, value: string, update: (v: string) => void) =>
    h("input", { id, type: "text", value, oninput: (e: Event) => update((e.target as HTMLInputElement).value.trim()) });
  return h("section", { id: "stored-file", "aria-labelledby": "stored-file-h" },
    h("h3", { id: "stored-file-h" }, file.name),
    h("p", {}, t("data.storedIntro", { file: file.name })),
    token() ? null : status("info", t("data.storedNeedsToken")),
    h("div", { class: "row" },
      field(t("data.entity"), text("stored-entity", stored.entity, (v) => { stored.entity = v; })),
      field(t("data.period"), text("stored-period", stored.period, (v) => { stored.period = v; }))),
    h("button", { type: "button", class: "primary", id: "data-read-stored", disabled: stored.reading || !token(),
      onclick: () => void readStored(refresh) }, t("data.storedRead")),
    stored.reading ? status("info", t("data.storedReading", { file: file.name })) : null);
}

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
  stored.file = STORED_FORMATS.test(file.name) ? file : null;
  stored.dataset = "";
  if (stored.file) return refresh();
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
    id: "data-file", type: "file", accept: ".csv,.tsv,.txt,text/csv,.xlsx,.xlsm,.dta,.sav,.zsav,.sas7bdat",
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
    stored.file ? storedForm(stored.file, refresh) : null,
    d && stored.dataset && d.file === stored.file ? status("ok", t("data.storedFrom", { name: stored.dataset })) : null,
    d ? [summary(d), keyControls(d, refresh), problemList(d), columnTypes(d), preview(d)] : null);
}
