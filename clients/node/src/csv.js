'use strict';
// CSV -> govmetrics.common.v1.Panel with the CLI's rules (clients/cli/csv_table.cc,
// panel_csv.cc), checked against the shared fixture tests/clients/csv_conformance:
// RFC 4180 quoting (commas, newlines, "" inside quotes; a quote opens a quoted section only at
// the start of a field), CRLF or LF, blank lines skipped, UTF-8 BOM skipped, equal field
// counts. A column is numeric when every cell (ASCII whitespace trimmed) is a number or a
// missing token ('', NA, NaN, nan, '.'), missing -> NaN; otherwise a label column, verbatim.
// The period is an int32.

const fs = require('node:fs');

const MISSING_TOKENS = new Set(['', 'NA', 'NaN', 'nan', '.']);
// absl::SimpleAtod's grammar: decimal floats, optional sign, inf/infinity/nan in any case.
const NUMBER = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;
const ASCII_SPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;

class CsvError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CsvError';
  }
}

// RFC 4180 records of text (header included).
function parseRecords(input) {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records = [];
  let record = [];
  let field = '';
  let inQuotes = false;
  let started = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') inQuotes = false;
      else { if (c === '\n') line++; field += c; }
    } else if (c === '"' && !started) {
      inQuotes = started = true;
    } else if (c === ',') {
      record.push(field); field = ''; started = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field); field = ''; started = false;
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      record = [];
      line++;
    } else {
      field += c; started = true;
    }
  }
  if (inQuotes) throw new CsvError(`unterminated quote at line ${line}`);
  if (started || record.length) { record.push(field); records.push(record); }
  return records;
}

// The cell's value (NaN when missing), or undefined when it is not a number.
function parseNumber(cell) {
  const text = cell.replace(ASCII_SPACE, '');
  if (MISSING_TOKENS.has(text)) return NaN;
  if (NUMBER.test(text)) return Number(text);
  const special = SPECIAL.exec(text);
  if (!special) return undefined;
  if (special[2].toLowerCase() === 'nan') return NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}

function parsePeriod(cell, row) {
  const text = cell.replace(ASCII_SPACE, '');
  const value = Number(text);
  if (/^[+-]?\d+$/.test(text) && value >= -2147483648 && value <= 2147483647) return value;
  throw new CsvError(`CSV data row ${row}: period '${cell}' is not an integer`);
}

function table(text) {
  const records = parseRecords(text);
  if (!records.length) throw new CsvError('CSV is empty (no header)');
  const [header, ...rows] = records;
  rows.forEach((row, r) => {
    if (row.length !== header.length) {
      throw new CsvError(`CSV data row ${r + 1} has ${row.length} fields, header has ${header.length}`);
    }
  });
  return {header, rows};
}

// A Panel ({entity, period, columns, labels}) from CSV text.
function panelFromCsvText(text, {entity, period}) {
  const {header, rows} = table(text);
  for (const [option, name] of [['entity', entity], ['period', period]]) {
    if (!header.includes(name)) throw new CsvError(`${option}: no column '${name}' in CSV`);
  }
  const e = header.indexOf(entity);
  const p = header.indexOf(period);
  const panel = {entity: rows.map((row) => row[e]), period: rows.map((row, r) => parsePeriod(row[p], r + 1)),
    columns: [], labels: []};
  header.forEach((name, c) => {
    if (c === e || c === p) return;
    const values = rows.map((row) => parseNumber(row[c]));
    if (values.every((v) => v !== undefined)) panel.columns.push({name, values});
    else panel.labels.push({name, values: rows.map((row) => row[c])});
  });
  return panel;
}

// Reads a long-format CSV file (UTF-8) into a Panel; CsvError names what is wrong.
function readPanelCsv(file, {entity, period}) {
  try {
    return panelFromCsvText(fs.readFileSync(file, 'utf8'), {entity, period});
  } catch (error) {
    if (error instanceof CsvError) throw new CsvError(`${file}: ${error.message}`);
    throw error;
  }
}

module.exports = {CsvError, panelFromCsvText, parseNumber, parseRecords, readPanelCsv};
