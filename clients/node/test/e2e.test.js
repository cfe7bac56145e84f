'use strict';
// The installed @govmetrics/client (CommonJS) against the real binaries on loopback: every RPC
// of every service, errors with decoded details, deadlines, retries, streaming with progress,
// mutual TLS and tokens. GOVMETRICS_BUILD_DIR points at the CMake build directory.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {after, before, describe, test} = require('node:test');

const gm = require('@govmetrics/client');
const {binaryPath, makeCerts, repoPath, startFlakyProxy, startService} = require('./harness');

const PRODUC = repoPath('tests', 'reference', 'data', 'produc_logs.csv');
const golden = (name) => JSON.parse(fs.readFileSync(repoPath('tests', 'reference', 'golden', name), 'utf8'));
const TWO_WAY_IID = {fixed_effects: 'FIXED_EFFECTS_TWO_WAY', estimator: 'ESTIMATOR_WITHIN',
  variance: {type: 'VARIANCE_TYPE_IID', small_sample: 'SMALL_SAMPLE_NONE'}};
// The retry test drops the first connection: reconnect quickly so the retries meet a
// connected channel.
const FAST_RECONNECT = {'grpc.initial_reconnect_backoff_ms': 100, 'grpc.min_reconnect_backoff_ms': 100};

function indexRequest() {
  const rows = [['北京', 2020, 1, 60], ['北京', 2021, 2, 55], ['上海', 2020, 3, 40],
    ['上海', 2021, 4, 35], ['广东', 2020, 5, 30], ['广东', 2021, 6, 28]]
      .map(([entity, year, broadband, pm25]) => ({entity, year, broadband, pm25}));
  return {
    panel: gm.panelFromRows(rows, {entity: 'entity', period: 'year'}),
    indicators: [{column: 'broadband', direction: 'DIRECTION_POSITIVE', dimension: '数字技术'},
      {column: 'pm25', direction: 'DIRECTION_NEGATIVE', dimension: '环境'}],
  };
}

describe('compute services', () => {
  let servers;
  let index;
  let modeling;
  let produc;

  before(async () => {
    servers = await Promise.all([startService(binaryPath('govmetrics-index')),
      startService(binaryPath('govmetrics-modeling'), ['--drain_seconds=1'])]);
    index = new gm.IndexClient(servers[0].target, {deadlineSeconds: 30});
    modeling = new gm.ModelingClient(servers[1].target, {deadlineSeconds: 60});
    produc = gm.readPanelCsv(PRODUC, {entity: 'state', period: 'year'});
  });

  after(async () => {
    index.close();
    modeling.close();
    assert.deepEqual(await Promise.all(servers.map((s) => s.stop())), [0, 0], 'services exit 0 on SIGTERM');
  });

  test('the package under test is the installed one, with its own protos', () => {
    if (process.env.GOVMETRICS_EXPECT_INSTALLED) {
      assert.ok(require.resolve('@govmetrics/client').includes(`node_modules${path.sep}@govmetrics`));
      assert.ok(gm.DEFAULT_PROTO_DIR.includes(`node_modules${path.sep}@govmetrics`), gm.DEFAULT_PROTO_DIR);
    }
  });

  test('every RPC of every service is a method of its client class', () => {
    const {services} = gm.loadContracts();
    assert.ok(['govmetrics.index.v1.IndexService', 'govmetrics.modeling.v1.ModelingService',
      'govmetrics.reporting.v1.ReportingService'].every((n) => services.some((s) => s.fullName === n)));
    for (const s of services) {
      for (const m of s.methods) assert.equal(typeof gm[s.clientName].prototype[m.name], 'function', m.name);
    }
  });

  test('ComputeIndex: weights sum to one, best row scores highest', async () => {
    const response = await index.computeIndex(indexRequest());
    assert.ok(Math.abs(response.weights.reduce((s, w) => s + w.weight, 0) - 1) < 1e-12);
    assert.equal(response.scores.indexOf(Math.max(...response.scores)), 5);
  });

  test('ComputeCouplingCoordination', async () => {
    const panel = {entity: ['a', 'a', 'b', 'b'], period: [1, 2, 1, 2],
      columns: [{name: 'u1', values: [0.2, 0.4, 0.6, 0.8]}, {name: 'u2', values: [0.3, 0.3, 0.5, 0.9]}]};
    const response = await index.computeCouplingCoordination({panel, first: 'u1', second: 'u2'});
    assert.equal(response.coupling.length, 4);
  });

  test('FitPanelModel on Produc matches R plm (entity FE, clustered by entity)', async () => {
    const want = golden('panel_produc.json').cases.find((c) => c.name === 'within_entity_cluster_entity_stata');
    const response = await modeling.fitPanelModel({panel: produc, dependent: 'lgsp', regressors: want.regressors,
      fixed_effects: 'FIXED_EFFECTS_ENTITY', estimator: 'ESTIMATOR_WITHIN',
      variance: {type: 'VARIANCE_TYPE_CLUSTER', cluster_by: ['entity'], small_sample: 'SMALL_SAMPLE_STATA'}});
    assert.equal(response.n_obs, 816);
    for (const c of want.coefficients) {
      const got = response.coefficients.find((g) => g.name === c.name);
      assert.ok(Math.abs(got.estimate - c.estimate) < 1e-8 && Math.abs(got.std_error - c.std_error) < 1e-8, c.name);
    }
  });

  test('AnalyzeMediation path a matches R plm', async () => {
    const want = golden('mediation_produc.json').mediations.find((m) => m.name === 'mediator_lpc_iid');
    const response = await modeling.analyzeMediation({panel: produc, treatment: 'lpcap', mediators: ['lpc'],
      outcome: 'lgsp', controls: ['unemp'], model: TWO_WAY_IID, bootstrap: {replications: 49, seed: '7'}});
    assert.ok(Math.abs(response.mediators[0].a.estimate - want.paths.a.estimate) < 1e-8);
    assert.ok(Math.abs(response.mediators[0].a.std_error - want.paths.a.std_error) < 1e-8);
  });

  test('HausmanTest, DescribeVariables, CompareGroups', async () => {
    const hausman = await modeling.hausmanTest({panel: produc, dependent: 'lgsp', regressors: ['lpcap', 'lpc', 'lemp', 'unemp']});
    assert.ok(hausman.df > 0);
    const described = await modeling.describeVariables({panel: produc, columns: ['lgsp', 'lpcap']});
    assert.deepEqual(described.variables.map((v) => v.column), ['lgsp', 'lpcap']);
    const study = gm.readPanelCsv(repoPath('data', 'produc', 'produc_study.csv'), {entity: 'state', period: 'year'});
    const groups = await modeling.compareGroups({panel: study, dependent: 'lgsp', regressors: ['lpcap', 'unemp'],
      group_by: 'region', compare: ['lpcap'], model: TWO_WAY_IID, permutations: 0});
    assert.equal(groups.groups.length, 9);
  });

  test('INVALID_ARGUMENT is a GovmetricsError with the field violation decoded', async () => {
    const request = indexRequest();
    request.indicators[1].column = 'no_such';
    await assert.rejects(index.computeIndex(request), (error) => {
      assert.ok(error instanceof gm.GovmetricsError);
      assert.equal(error.code, gm.grpc.status.INVALID_ARGUMENT);
      assert.deepEqual(error.fieldViolations, [{field: 'indicators[1].column', description: "no column 'no_such' in panel"}]);
      assert.match(error.toString(), /indicators\[1\]\.column: no column 'no_such' in panel/);
      return true;
    });
  });

  test('a deadline stops a long call', async () => {
    await assert.rejects(modeling.analyzeMediation({panel: produc, treatment: 'lpcap', mediators: ['lpc', 'lemp'],
      outcome: 'lgsp', model: TWO_WAY_IID, bootstrap: {replications: 20000, seed: '1'}}, {deadlineSeconds: 0.2}),
    (error) => error.code === gm.grpc.status.DEADLINE_EXCEEDED);
  });

  test('UNAVAILABLE is retried for idempotent calls; without retries the call fails', async () => {
    const proxy = await startFlakyProxy(servers[0].target);
    const retrying = new gm.IndexClient(proxy.target, {channelOptions: FAST_RECONNECT});
    try {
      assert.equal((await retrying.computeIndex(indexRequest())).scores.length, 6);
    } finally {
      retrying.close();
    }
    const events = await proxy.stop();
    assert.equal(events[0], 'dropped 1');
    assert.ok(events.includes('forwarded 2'), events.join(','));

    const second = await startFlakyProxy(servers[0].target);
    const once = new gm.IndexClient(second.target, {retry: false});
    try {
      await assert.rejects(once.computeIndex(indexRequest()), (error) => error.code === gm.grpc.status.UNAVAILABLE);
    } finally {
      once.close();
      await second.stop();
    }
  });

  test('a configured limit is RESOURCE_EXHAUSTED with a QuotaFailure', async () => {
    const limited = await startService(binaryPath('govmetrics-index'), ['--max_rows=3', '--drain_seconds=1']);
    const client = new gm.IndexClient(limited.target);
    try {
      await assert.rejects(client.computeIndex(indexRequest()), (error) => {
        assert.equal(error.code, gm.grpc.status.RESOURCE_EXHAUSTED);
        assert.ok(error.quotaViolations.length > 0, error.toString());
        return true;
      });
    } finally {
      client.close();
      await limited.stop();
    }
  });
});

describe('reporting', () => {
  let servers;
  const STEPS = ['indices', 'scores', 'descriptives', 'baseline', 'robustness', 'mechanism', 'heterogeneity', 'moderation', 'endogeneity', 'spatio_temporal', 'spatial', 'threshold', 'render'];

  before(async () => {
    const [i, m] = await Promise.all([startService(binaryPath('govmetrics-index')), startService(binaryPath('govmetrics-modeling'))]);
    const r = await startService(binaryPath('govmetrics-reporting'), [`--index_target=${i.target}`, `--modeling_target=${m.target}`]);
    servers = [r, i, m];
  });

  after(async () => {
    for (const s of servers) await s.stop();
  });

  function demoStudy() {
    const spec = gm.fromProtoJson('govmetrics.reporting.v1.StudySpec',
        JSON.parse(fs.readFileSync(repoPath('data', 'demo', 'study_spec_en.json'), 'utf8')));
    assert.equal(spec.group_by, 'region3');
    spec.bootstrap.replications = 49;
    spec.permutations = 49;
    return {panel: gm.readPanelCsv(repoPath('data', 'demo', 'study_panel.csv'), {entity: 'entity', period: 'year'}), spec};
  }

  test('StreamStudy: progress for each step, then the report', async () => {
    const reporting = new gm.ReportingClient(servers[0].target, {deadlineSeconds: 120});
    try {
      const seen = [];
      const result = await gm.runStudyWithProgress(reporting, demoStudy(), {onProgress: (p) => seen.push(p)});
      assert.deepEqual(seen.map((p) => p.step), STEPS);
      assert.ok(result.documents.some((d) => d.file_name === 'report.html'));
      const events = [];
      for await (const event of reporting.streamStudy(demoStudy())) events.push(event.event);
      assert.equal(events.at(-1), 'result');
    } finally {
      reporting.close();
    }
  });
});

describe('security', () => {
  let dir;
  let server;
  let token;
  const file = (name) => path.join(dir, name);

  before(async () => {
    dir = makeCerts();
    server = await startService(binaryPath('govmetrics-index'), [`--tls_cert=${file('server.crt')}`,
      `--tls_key=${file('server.key')}`, `--tls_client_ca=${file('ca.crt')}`, `--auth_tokens_file=${file('tokens')}`,
      '--drain_seconds=1']);
    token = fs.readFileSync(file('token'), 'utf8').trim();
  });

  after(async () => {
    await server.stop();
    fs.rmSync(dir, {recursive: true, force: true});
  });

  async function call(options) {
    const client = new gm.IndexClient(server.target, {ca: file('ca.crt'), deadlineSeconds: 10, ...options});
    try {
      return await client.computeIndex(indexRequest());
    } finally {
      client.close();
    }
  }

  test('mutual TLS and a token are accepted', async () => {
    assert.equal((await call({cert: file('client.crt'), key: file('client.key'), token})).scores.length, 6);
  });

  test('a missing token is UNAUTHENTICATED', async () => {
    await assert.rejects(call({cert: file('client.crt'), key: file('client.key')}),
        (error) => error.code === gm.grpc.status.UNAUTHENTICATED);
  });

  test('without a client certificate the handshake fails', async () => {
    await assert.rejects(call({token, retry: false}), (error) => error.code === gm.grpc.status.UNAVAILABLE);
  });

  test('a token is not sent over plaintext unless asked for', () => {
    assert.throws(() => new gm.IndexClient('127.0.0.1:1', {token: 't'}), /insecureToken/);
    new gm.IndexClient('127.0.0.1:1', {token: 't', insecureToken: true}).close();
  });
});
