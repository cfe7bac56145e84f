// Page 5: the workspace (when the gateway has one behind it): save the loaded file as a
// stored dataset (POST /v1/datasets:upload streams it to WorkspaceService.CreateDataset),
// list datasets, share one with another agency, run the study configured on the Study
// page on a stored dataset (an operation), list operations and reopen a finished report.
import { ApiError, call, setToken, token, upload } from "../api";
import { field, h, status, table } from "../dom";
import { formatNumber, t } from "../i18n";
import { state } from "../state";
import type { StudyResult } from "../state";
import { studyResults, studySpec } from "./study_page";

interface StoredDataset {
  name: string; displayName?: string; ownerAgency?: string; rowCount?: string; entityCount?: string;
  periodCount?: string; readers?: string[]; createTime?: string;
}
interface Operation {
  name: string; done?: boolean; error?: { message?: string };
  metadata?: { state?: string; dataset?: string; progress?: Array<{ completed?: number; total?: number }>; createTime?: string };
  response?: StudyResult;
}

const ws = {
  datasets: null as StoredDataset[] | null,
  operations: null as Operation[] | null,
  displayName: "",
  shareWith: new Map<string, string>(),
  opened: null as null | { name: string; result: StudyResult },
  notice: "",
  loads: 0, // completed list loads (data-loads on the page: tests wait on it)
};

function fail(error: unknown): void {
  state.error.set("workspace", error instanceof ApiError ? `${error.message} (HTTP ${error.httpStatus})` : String(error));
}

async function refreshLists(refresh: () => void): Promise<void> {
  state.error.delete("workspace");
  try {
    ws.datasets = (await call<{ datasets?: StoredDataset[] }>("GET", "/v1/datasets?pageSize=100")).datasets ?? [];
    ws.operations = (await call<{ operations?: Operation[] }>("GET", "/v1/operations?pageSize=100")).operations ?? [];
  } catch (error) {
    fail(error);
  }
  ws.loads++;
  refresh();
}

async function saveDataset(refresh: () => void): Promise<void> {
  const d = state.dataset;
  if (!d?.file) return;
  const query = new URLSearchParams({ fileName: d.fileName, displayName: ws.displayName || d.fileName,
                                      entity: d.entity, period: d.period });
  try {
    const created = await upload<{ dataset: StoredDataset }>(`/v1/datasets:upload?${query}`, d.file, "application/octet-stream");
    ws.notice = t("ws.saved", { name: created.dataset.name, rows: created.dataset.rowCount ?? "0" });
  } catch (error) {
    fail(error);
    return refresh();
  }
  await refreshLists(refresh);
}

async function share(dataset: string, refresh: () => void): Promise<void> {
  const agency = (ws.shareWith.get(dataset) ?? "").trim();
  if (!agency) return;
  try {
    await call("POST", `/v1/${dataset}:share`, { agency });
    ws.notice = t("ws.shared", { name: dataset, agency });
  } catch (error) {
    fail(error);
  }
  await refreshLists(refresh);
}

async function runStudy(dataset: string, refresh: () => void): Promise<void> {
  if (!state.study.explanatory || !state.study.outcome) {
    state.error.set("workspace", t("ws.configureStudy"));
    return refresh();
  }
  try {
    const op = await call<Operation>("POST", "/v1/studies", { dataset, spec: studySpec() });
    ws.notice = t("ws.started", { name: op.name });
  } catch (error) {
    fail(error);
  }
  await refreshLists(refresh);
}

async function openReport(name: string, refresh: () => void): Promise<void> {
  try {
    const op = await call<Operation>("GET", `/v1/${name}`);
    if (op.response) ws.opened = { name, result: { documents: op.response.documents ?? [] } };
  } catch (error) {
    fail(error);
  }
  refresh();
}

function tokenForm(refresh: () => void): HTMLElement {
  const input = h("input", { id: "ws-token", type: "password", autocomplete: "off", value: token() });
  return h("div", { class: "row" },
    field(t("ws.token"), input, t("ws.tokenHint")),
    h("button", { type: "button", id: "ws-connect", onclick: () => { setToken(input.value); void refreshLists(refresh); } },
      t("ws.connect")));
}

function datasetRows(refresh: () => void): Array<Array<string | Node>> {
  return (ws.datasets ?? []).map((d) => {
    const agency = h("input", { type: "text", name: "share-with", "aria-label": t("ws.shareWithOf", { name: d.name }),
      value: ws.shareWith.get(d.name) ?? "", oninput: (e: Event) => ws.shareWith.set(d.name, (e.target as HTMLInputElement).value) });
    return [d.name, d.displayName ?? "", d.ownerAgency ?? "", `${d.rowCount ?? 0} (${d.entityCount ?? 0} × ${d.periodCount ?? 0})`,
            (d.readers ?? []).join(", "),
            h("span", { class: "actions" }, agency,
              h("button", { type: "button", "data-action": "share", onclick: () => void share(d.name, refresh) }, t("ws.share")),
              h("button", { type: "button", "data-action": "run-study", onclick: () => void runStudy(d.name, refresh) }, t("ws.runStudy")))];
  });
}

function operationRows(refresh: () => void): Array<Array<string | Node>> {
  return (ws.operations ?? []).map((op) => {
    const list = op.metadata?.progress ?? [];
    const progress = list[list.length - 1];
    const done = progress ? formatNumber(((progress.completed ?? 0) / Math.max(progress.total ?? 1, 1)) * 100, 0) + "%" : "";
    return [op.name, op.metadata?.dataset ?? "", t(`enum.${op.metadata?.state ?? "STUDY_STATE_UNSPECIFIED"}`), done,
            op.error?.message ?? "",
            op.done && op.response
              ? h("button", { type: "button", "data-action": "open", onclick: () => void openReport(op.name, refresh) }, t("ws.open"))
              : ""];
  });
}

export function renderWorkspace(refresh: () => void): HTMLElement {
  // Listed at once when a token is known; otherwise after "Use token" or "Refresh" (an
  // anonymous workspace needs none, one with agency tokens would answer 401).
  if (ws.datasets === null && token() && state.error.get("workspace") === undefined) void refreshLists(refresh);
  const error = state.error.get("workspace");
  const d = state.dataset;
  return h("section", { "aria-labelledby": "page-h", id: "workspace", "data-loads": ws.loads },
    h("h2", { id: "page-h" }, t("nav.workspace")),
    h("p", {}, t("ws.intro")),
    tokenForm(refresh),
    error ? status("error", error) : null,
    ws.notice ? status("ok", ws.notice) : null,
    h("h3", {}, t("ws.save")),
    d?.file
      ? h("div", { class: "row" },
          field(t("ws.displayName"), h("input", { id: "ws-display-name", type: "text", value: ws.displayName, placeholder: d.fileName,
            oninput: (e: Event) => { ws.displayName = (e.target as HTMLInputElement).value; } })),
          h("button", { type: "button", class: "primary", id: "ws-save", onclick: () => void saveDataset(refresh) },
            t("ws.saveButton", { file: d.fileName })))
      : status("info", t("common.needData")),
    h("div", { class: "row" }, h("button", { type: "button", id: "ws-refresh", onclick: () => void refreshLists(refresh) }, t("ws.refresh"))),
    table(t("ws.datasets"), [t("ws.name"), t("ws.displayName"), t("ws.owner"), t("ws.rows"), t("ws.readers"), t("ws.actions")],
      datasetRows(refresh)),
    table(t("ws.operations"), [t("ws.name"), t("ws.dataset"), t("ws.state"), t("ws.progress"), t("ws.error"), ""],
      operationRows(refresh)),
    ws.opened ? [h("h3", {}, t("ws.openedReport", { name: ws.opened.name })), studyResults(ws.opened.result)] : null);
}
