// A table read from a file, typed column by column, with the entity and period columns
// detected, turned into the services' Panel message (canonical JSON). Every cell that
// cannot go into the panel is a Problem naming its row and column; the services' own
// validation (BadRequest field paths) is mapped back to rows and columns too.
import { parseCsv } from "./csv";

export type ColumnType = "number" | "integer" | "text";

export interface ColumnInfo {
  name: string;
  type: ColumnType;
  missing: number;
}

export interface Problem {
  row: number; // 1-based data row (the header is row 0)
  column: string;
  key: string; // message catalog key
  value: string;
}

export interface Panel {
  entity: string[];
  period: number[];
  columns: Array<{ name: string; values: Array<number | string> }>;
  labels: Array<{ name: string; values: string[] }>;
}

export interface Dataset {
  fileName: string;
  file?: Blob; // the file as loaded, for the workspace upload
  header: string[];
  rows: string[][];
  columns: ColumnInfo[];
  entity: string;
  period: string;
}

const MISSING = new Set(["", "na", "nan", "n/a", ".", "null", "-"]);
const ENTITY_NAMES = /^(entity|province|region|country|state|city|county|unit|id|name|省份|省|地区|城市|国家)$/i;
const PERIOD_NAMES = /^(year|period|time|yr|年份|年度|年|时间)$/i;

function isMissing(cell: string): boolean {
  return MISSING.has(cell.trim().toLowerCase());
}

function asNumber(cell: string): number | null {
  const trimmed = cell.trim();
  if (trimmed === "") return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

function typeOf(values: string[]): ColumnInfo["type"] {
  let numbers = 0;
  let integers = 0;
  let present = 0;
  for (const v of values) {
    if (isMissing(v)) continue;
    present++;
    const n = asNumber(v);
    if (n === null) continue;
    numbers++;
    if (Number.isInteger(n)) integers++;
  }
  // Mostly numbers: a numeric column with a few bad cells (listed as problems), not text.
  if (present === 0 || numbers * 2 < present) return "text";
  return integers === numbers && numbers === present ? "integer" : "number";
}

function column(rows: string[][], j: number): string[] {
  return rows.map((r) => r[j] ?? "");
}

function detectEntity(columns: ColumnInfo[]): string {
  const named = columns.find((c) => ENTITY_NAMES.test(c.name) && c.type === "text");
  return (named ?? columns.find((c) => c.type === "text") ?? columns[0]).name;
}

function detectPeriod(columns: ColumnInfo[], rows: string[][], header: string[]): string {
  const integers = columns.filter((c) => c.type === "integer");
  // A column named like a period is the period even with bad cells (listed as problems).
  const named = integers.find((c) => PERIOD_NAMES.test(c.name)) ?? columns.find((c) => PERIOD_NAMES.test(c.name));
  if (named) return named.name;
  const yearLike = integers.find((c) => column(rows, header.indexOf(c.name))
    .every((v) => isMissing(v) || ((asNumber(v) ?? 0) >= 1800 && (asNumber(v) ?? 0) <= 2200)));
  return (yearLike ?? integers[0] ?? columns[Math.min(1, columns.length - 1)]).name;
}

export function readDataset(fileName: string, text: string, file?: Blob): Dataset {
  const all = parseCsv(text);
  if (all.length === 0) throw new Error("empty");
  const header = all[0].map((h, j) => h.trim() || `column_${j + 1}`);
  const rows = all.slice(1);
  const columns = header.map((name, j) => {
    const values = column(rows, j);
    return { name, type: typeOf(values), missing: values.filter(isMissing).length };
  });
  return {
    fileName, file, header, rows, columns,
    entity: detectEntity(columns),
    period: detectPeriod(columns, rows, header),
  };
}

export function numericColumns(d: Dataset): string[] {
  return d.columns.filter((c) => c.type !== "text" && c.name !== d.entity && c.name !== d.period)
    .map((c) => c.name);
}

export function labelColumns(d: Dataset): string[] {
  return d.columns.filter((c) => c.type === "text" && c.name !== d.entity && c.name !== d.period)
    .map((c) => c.name);
}

// Every cell the panel cannot take, by row and column.
export function problemsOf(d: Dataset): Problem[] {
  const problems: Problem[] = [];
  const e = d.header.indexOf(d.entity);
  const p = d.header.indexOf(d.period);
  const numeric = new Set(numericColumns(d));
  const seen = new Map<string, number>();
  d.rows.forEach((r, i) => {
    const row = i + 1;
    if (r.length !== d.header.length) {
      problems.push({ row, column: "", key: "problem.fieldCount", value: `${r.length}/${d.header.length}` });
    }
    const entity = (r[e] ?? "").trim();
    if (entity === "") problems.push({ row, column: d.entity, key: "problem.noEntity", value: "" });
    const period = asNumber(r[p] ?? "");
    if (period === null || !Number.isInteger(period)) {
      problems.push({ row, column: d.period, key: "problem.period", value: r[p] ?? "" });
    }
    const key = `${entity}\u0000${r[p]}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ row, column: d.period, key: "problem.duplicate", value: `${entity} ${r[p]} (${first})` });
    } else {
      seen.set(key, row);
    }
    d.header.forEach((name, j) => {
      const cell = r[j] ?? "";
      if (numeric.has(name) && !isMissing(cell) && asNumber(cell) === null) {
        problems.push({ row, column: name, key: "problem.notNumber", value: cell });
      }
    });
  });
  return problems;
}

export function toPanel(d: Dataset): Panel {
  const e = d.header.indexOf(d.entity);
  const p = d.header.indexOf(d.period);
  const cells = (name: string): string[] => column(d.rows, d.header.indexOf(name));
  return {
    entity: column(d.rows, e).map((v) => v.trim()),
    period: column(d.rows, p).map((v) => Math.trunc(asNumber(v) ?? 0)),
    // Missing (and unreadable, already listed as problems) cells travel as NaN.
    columns: numericColumns(d).map((name) => ({
      name, values: cells(name).map((v) => asNumber(v) ?? "NaN"),
    })),
    labels: labelColumns(d).map((name) => ({ name, values: cells(name) })),
  };
}

// "panel.columns[2].values[9]" -> row 10 of the third numeric column, and the like.
export function locateField(d: Dataset, field: string): { row: number; column: string } {
  const path = field.replace(/^panel\./, "");
  const cell = /^(columns|labels)\[(\d+)\](?:\.values\[(\d+)\])?/.exec(path);
  if (cell) {
    const names = cell[1] === "columns" ? numericColumns(d) : labelColumns(d);
    return { row: cell[3] === undefined ? 0 : Number(cell[3]) + 1, column: names[Number(cell[2])] ?? path };
  }
  const key = /^(entity|period)\[(\d+)\]/.exec(path);
  if (key) return { row: Number(key[2]) + 1, column: key[1] === "entity" ? d.entity : d.period };
  return { row: 0, column: field };
}
