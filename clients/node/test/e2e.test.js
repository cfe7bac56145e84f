'use strict';
// End to end: the real govmetrics-index and govmetrics-modeling binaries on free loopback
// ports, called through the Node client. GOVMETRICS_BUILD_DIR points at the CMake build dir.

const assert = require('node:assert/strict');
const {execFileSync} = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {after, before, test} = require('node:test');

const gm = require('..');
const {binaryPath, startService} = require('./harness');

const ROOT = process.env.GOVMETRICS_SOURCE_DIR || path.resolve(__dirname, '..', '..', '..');

let indexService;
let modelingService;
let index;
let modeling;

before(async () => {
  [indexService, modelingService] = await Promise.all([
    startService(binaryPath('govmetrics-index')),
    startService(binaryPath('govmetrics-modeling'), ['--drain_seconds=1']),
  ]);
  index = gm.createIndexClient(indexService.target);
  modeling = gm.createModelingClient(modelingService.target);
});

after(async () => {
  if (index) index.close();
  if (modeling) modeling.close();
  const codes = await Promise.all([indexService, modelingService].filter(Boolean).map((s) => s.stop()));
  assert.deepEqual(codes, codes.map(() => 0), 'services exit 0 on SIGTERM');
});

function indexRequest() {
  const rows = [
    ['北京', 2020, 1, 60], ['北京', 2021, 2, 55], ['上海', 2020, 3, 40],
    ['上海', 2021, 4, 35], ['广东', 2020, 5, 30], ['广东', 2021, 6, 28],
  ].map(([entity, year, broadband, pm25]) => ({entity, year, broadband, pm25}));
  return {
    panel: gm.panelFromRows(rows, {entity: 'entity', period: 'year'}),
    indicators: [
      {column: 'broadband', direction: 'DIRECTION_POSITIVE', dimension: '数字技术'},
      {column: 'pm25', direction: 'DIRECTION_NEGATIVE', dimension: '环境'},
    ],
  };
}

test('ComputeIndex returns row-aligned scores and weights summing to one', async () => {
  const response = await gm.unary(index, 'ComputeIndex', indexRequest(), {deadlineSeconds: 10});
  assert.equal(response.scores.length, 6);
  const total = response.weights.reduce((s, w) => s + w.weight, 0);
  assert.ok(Math.abs(total - 1) < 1e-12, `weights sum to ${total}`);
  assert.deepEqual(new Set(response.dimension_scores.map((d) => d.dimension)), new Set(['数字技术', '环境']));
  assert.ok(response.scores.every((s) => s >= 0 && s <= 1));
  // Perfectly ordered indicators: Beijing 2020 is worst on both, Guangdong 2021 best.
  assert.equal(response.scores.indexOf(Math.min(...response.scores)), 0);
  assert.equal(response.scores.indexOf(Math.max(...response.scores)), 5);
  assert.equal(response.rows_used, 6);
});

test('a missing value (NaN) travels as missing and is dropped listwise', async () => {
  const request = indexRequest();
  request.panel.columns[0].values[3] = NaN;
  request.missing_policy = 'MISSING_POLICY_LISTWISE';
  const response = await gm.unary(index, 'ComputeIndex', request, {deadlineSeconds: 10});
  assert.equal(response.rows_used, 5);
  assert.ok(Number.isNaN(response.scores[3]));
  assert.deepEqual(response.provenance.dropped_rows.map((d) => d.row), [3]);
});

test('INVALID_ARGUMENT carries a decoded BadRequest field violation', async () => {
  const request = indexRequest();
  request.indicators[1].column = 'no_such';
  await assert.rejects(gm.unary(index, 'ComputeIndex', request, {deadlineSeconds: 10}), (error) => {
    assert.equal(error.code, gm.grpc.status.INVALID_ARGUMENT);
    assert.deepEqual(gm.fieldViolations(error),
        [{field: 'indicators[1].column', description: "no column 'no_such' in panel"}]);
    return true;
  });
});

test('FitPanelModel on Produc matches plm (entity FE, clustered by entity)', async () => {
  const csv = path.join(ROOT, 'tests', 'reference', 'data', 'produc_logs.csv');
  const rows = gm.parseCsv(fs.readFileSync(csv, 'utf8'));
  const golden = JSON.parse(fs.readFileSync(
      path.join(ROOT, 'tests', 'reference', 'golden', 'panel_produc.json'), 'utf8'));
  const regressors = ['lpcap', 'lpc', 'lemp', 'unemp'];
  // Golden values from R plm + sandwich (tests/reference/panel/panel_reference.R).
  const expected = golden.cases.find((c) => c.name === 'within_entity_cluster_entity_stata');
  assert.ok(expected, 'golden case within_entity_cluster_entity_stata');
  const response = await gm.unary(modeling, 'FitPanelModel', {
    panel: gm.panelFromRows(rows, {entity: 'state', period: 'year', labels: ['region']}),
    dependent: 'lgsp',
    regressors,
    fixed_effects: 'FIXED_EFFECTS_ENTITY',
    estimator: 'ESTIMATOR_WITHIN',
    variance: {type: 'VARIANCE_TYPE_CLUSTER', cluster_by: ['entity'], small_sample: 'SMALL_SAMPLE_STATA'},
  }, {deadlineSeconds: 30});
  assert.equal(response.n_obs, 816);
  assert.equal(response.n_entities, 48);
  assert.deepEqual(response.coefficients.map((c) => c.name), regressors);
  const lpc = response.coefficients.find((c) => c.name === 'lpc');
  // The textbook within estimate (Baltagi, Econometric Analysis of Panel Data): 0.2920.
  assert.ok(Math.abs(lpc.estimate - 0.2920) < 1e-4, `lpc = ${lpc.estimate}`);
  for (const want of expected.coefficients) {
    const got = response.coefficients.find((c) => c.name === want.name);
    assert.ok(Math.abs(got.estimate - want.estimate) < 1e-8, `${want.name} estimate ${got.estimate} vs ${want.estimate}`);
    assert.ok(Math.abs(got.std_error - want.std_error) < 1e-8 * Math.max(1, want.std_error),
        `${want.name} se ${got.std_error} vs ${want.std_error}`);
  }
});

test('a bearer token travels as authorization metadata; call credentials need TLS', async () => {
  const response = await gm.unary(index, 'ComputeIndex', indexRequest(),
      {deadlineSeconds: 10, metadata: gm.tokenMetadata('t0ken')});
  assert.equal(response.scores.length, 6);
  assert.equal(gm.tokenMetadata('t0ken').get('authorization')[0], 'Bearer t0ken');
  assert.throws(() => gm.createIndexClient(indexService.target, {token: 't0ken'}), /needs TLS/);
});

test('mTLS + bearer token: a secured server wants both', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govmetrics-node-tls-'));
  execFileSync(path.join(ROOT, 'tests', 'clients', 'make_test_certs.sh'), [dir]);
  const file = (name) => path.join(dir, name);
  const secured = await startService(binaryPath('govmetrics-index'), [
    `--tls_cert=${file('server.crt')}`, `--tls_key=${file('server.key')}`,
    `--tls_client_ca=${file('ca.crt')}`, `--auth_tokens_file=${file('tokens')}`, '--drain_seconds=1']);
  const token = fs.readFileSync(file('token'), 'utf8').trim();
  const mtls = gm.grpc.credentials.createSsl(fs.readFileSync(file('ca.crt')),
      fs.readFileSync(file('client.key')), fs.readFileSync(file('client.crt')));
  const withToken = gm.createIndexClient(secured.target, {credentials: mtls, token});
  const withoutToken = gm.createIndexClient(secured.target, {credentials: mtls});
  const noClientCert = gm.createIndexClient(secured.target,
      {credentials: gm.grpc.credentials.createSsl(fs.readFileSync(file('ca.crt')))});
  try {
    const response = await gm.unary(withToken, 'ComputeIndex', indexRequest(), {deadlineSeconds: 10});
    assert.equal(response.scores.length, 6);
    await assert.rejects(gm.unary(withoutToken, 'ComputeIndex', indexRequest(), {deadlineSeconds: 10}),
        (error) => error.code === gm.grpc.status.UNAUTHENTICATED);
    await assert.rejects(gm.unary(noClientCert, 'ComputeIndex', indexRequest(),
        {deadlineSeconds: 10, metadata: gm.tokenMetadata(token)}),
        (error) => error.code !== gm.grpc.status.OK);
  } finally {
    [withToken, withoutToken, noClientCert].forEach((c) => c.close());
    assert.equal(await secured.stop(), 0);
    fs.rmSync(dir, {recursive: true, force: true});
  }
});
