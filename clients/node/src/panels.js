'use strict';
// Panels from JavaScript rows (long format, one object per entity-period).

function isMissing(value) {
  return value === null || value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value));
}

function isNumeric(value) {
  return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)));
}

// Numeric fields become `columns` (missing -> NaN), other fields `labels` (missing -> "").
// A field is numeric when every non-missing value is a number or numeric text, unless it is
// named in `labels` (e.g. a region code stored as digits). For CSV files use readPanelCsv,
// which applies the rules every govmetrics client shares.
function panelFromRows(rows, {entity, period, columns, labels = []} = {}) {
  if (!entity || !period) throw new Error('panelFromRows: give {entity, period} field names');
  const fields = rows.length ? Object.keys(rows[0]).filter((f) => f !== entity && f !== period) : [];
  const labelSet = new Set(labels);
  const numeric = columns || fields.filter((f) => !labelSet.has(f) && rows.every((r) => isMissing(r[f]) || isNumeric(r[f])));
  const numericSet = new Set(numeric);
  return {
    entity: rows.map((r) => String(r[entity])),
    period: rows.map((r) => {
      const p = Number(r[period]);
      if (!Number.isInteger(p)) throw new Error(`panelFromRows: period '${r[period]}' is not an integer`);
      return p;
    }),
    columns: numeric.map((name) => ({name, values: rows.map((r) => (isMissing(r[name]) ? NaN : Number(r[name])))})),
    labels: fields.filter((f) => !numericSet.has(f)).map((name) => ({
      name, values: rows.map((r) => (isMissing(r[name]) ? '' : String(r[name])))})),
  };
}

// The panel in row slices of at most `rows` rows, every column and label in each (e.g. for
// the workspace's CreateDataset stream, whose messages must each fit the message limit).
function* panelChunks(panel, rows = 50000) {
  const n = panel.entity.length;
  const slice = (list, first, last) => list.map(({name, values}) => ({name, values: values.slice(first, last)}));
  for (let first = 0; first < n; first += rows) {
    const last = Math.min(first + rows, n);
    yield {
      entity: panel.entity.slice(first, last),
      period: panel.period.slice(first, last),
      columns: slice(panel.columns || [], first, last),
      labels: slice(panel.labels || [], first, last),
    };
  }
}

module.exports = {panelChunks, panelFromRows};
