'use strict';
// The shared CSV fixture (tests/clients/csv_conformance/cases.json), read by readPanelCsv
// exactly as by the CLI and the other clients.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const {test} = require('node:test');

const gm = require('@govmetrics/client');
const {repoPath} = require('./harness');

const FIXTURE = repoPath('tests', 'clients', 'csv_conformance');
// proto3 JSON numbers: "NaN", "Infinity", "-Infinity" are strings.
const fromJson = (v) => (typeof v === 'string' ? Number(v) : v);

test('every case of the shared CSV fixture', () => {
  const {cases} = JSON.parse(fs.readFileSync(`${FIXTURE}/cases.json`, 'utf8'));
  assert.ok(cases.length >= 5);
  for (const c of cases) {
    const file = `${FIXTURE}/${c.file}`;
    if (c.error) {
      assert.throws(() => gm.readPanelCsv(file, {entity: c.entity, period: c.period}),
          (error) => error instanceof gm.CsvError && error.message.includes(c.error), c.file);
      continue;
    }
    const got = gm.readPanelCsv(file, {entity: c.entity, period: c.period});
    assert.deepEqual(got.entity, c.panel.entity);
    assert.deepEqual(got.period, c.panel.period);
    // deepEqual treats NaN as equal to NaN: NaN is the missing-value marker here.
    assert.deepEqual(got.columns, c.panel.columns.map(({name, values}) => ({name, values: values.map(fromJson)})));
    assert.deepEqual(got.labels, c.panel.labels);
  }
});
