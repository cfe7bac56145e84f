// deploy/local/govmetrics-local.sh driven end to end with stand-in binaries
// (fixtures/fake_service.py serves grpc.health.v1 like the real services' admin port).
// When run_deploy_tests.sh is given a build dir holding the real binaries, the last test
// also starts and stops the real services.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { REPO_ROOT } from './lib/render.mjs';

const LAUNCHER = path.join(REPO_ROOT, 'deploy/local/govmetrics-local.sh');
const FAKE = path.join(REPO_ROOT, 'tests/deploy/fixtures/fake_service.py');
const SERVICES = ['index', 'modeling', 'reporting', 'workspace', 'gateway'];
const N = SERVICES.length;
const scratchDirs = [];

async function freePorts(n) {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

// A scratch build dir with the fake under the four real binary names, a run dir, and
// an environment with free ports.
async function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'govmetrics-local-test-'));
  scratchDirs.push(dir);
  const buildDir = path.join(dir, 'build');
  for (const s of SERVICES) {
    mkdirSync(path.join(buildDir, 'services', s), { recursive: true });
    symlinkSync(FAKE, path.join(buildDir, 'services', s, `govmetrics-${s}`));
  }
  const runDir = path.join(dir, 'run');
  const ports = await freePorts(3 * N);
  const env = {
    ...process.env,
    FAKE_STUBS_DIR: path.join(runDir, 'health_stubs'),
    FAKE_ARGV_DIR: dir,
    GOVMETRICS_START_TIMEOUT: '20',
    GOVMETRICS_STOP_TIMEOUT: '20',
  };
  SERVICES.forEach((s, i) => {
    const up = s.toUpperCase();
    env[`GOVMETRICS_${up}_PORT`] = String(ports[i]);
    env[`GOVMETRICS_${up}_ADMIN_PORT`] = String(ports[N + i]);
    env[`GOVMETRICS_${up}_METRICS_PORT`] = String(ports[2 * N + i]);
  });
  for (const k of ['FAKE_CRASH', 'FAKE_NEVER_SERVING', 'FAKE_IGNORE_TERM', 'GOVMETRICS_EXTRA_ARGS']) delete env[k];
  const run = (args, extraEnv = {}) => {
    const r = spawnSync(LAUNCHER, [...args, '--build-dir', buildDir, '--run-dir', runDir], {
      env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 120_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr, all: `${r.stdout}\n${r.stderr}` };
  };
  return { dir, buildDir, runDir, ports, env, run };
}

function pidAlive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

after(() => {
  // Last-resort cleanup: stop anything a failed test left running, then drop scratch dirs.
  for (const dir of scratchDirs) {
    spawnSync(LAUNCHER, ['stop', '--run-dir', path.join(dir, 'run')], {
      env: { ...process.env, GOVMETRICS_STOP_TIMEOUT: '5' }, encoding: 'utf8',
    });
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('govmetrics-local.sh with stand-in binaries', () => {
  test('start brings all four up SERVING, status reports them, stop drains them', async () => {
    const t = await setup();
    const start = t.run(['start']);
    assert.equal(start.code, 0, start.all);
    assert.match(start.out, /all services SERVING/);

    const pids = SERVICES.map((s) => Number(readFileSync(path.join(t.runDir, `${s}.pid`), 'utf8')));
    for (const pid of pids) assert.ok(pidAlive(pid), `pid ${pid} not running`);

    const status = t.run(['status']);
    assert.equal(status.code, 0, status.all);
    assert.equal((status.out.match(/health SERVING/g) || []).length, N, status.out);

    // Flags the launcher passed: loopback ports from the environment, reporting wired up.
    const argv = (s) => readFileSync(path.join(t.dir, `${s}.argv`), 'utf8').trim().split('\n');
    const [ip, mp, rp, wp] = t.ports;
    const ia = t.ports[N];
    assert.deepEqual(argv('index').slice(0, 2), [`--listen=127.0.0.1:${ip}`, `--admin_listen=127.0.0.1:${ia}`]);
    assert.ok(argv('index').includes(`--metrics_listen=127.0.0.1:${t.ports[2 * N]}`));
    assert.ok(argv('reporting').includes(`--listen=127.0.0.1:${rp}`));
    assert.ok(argv('reporting').includes(`--index_target=127.0.0.1:${ip}`));
    assert.ok(argv('reporting').includes(`--modeling_target=127.0.0.1:${mp}`));
    assert.ok(!argv('index').some((a) => a.startsWith('--index_target')));
    assert.ok(argv('workspace').includes(`--reporting_target=127.0.0.1:${rp}`));
    assert.ok(argv('workspace').includes(`--data_dir=${path.join(t.runDir, 'workspace-data')}`));
    assert.ok(argv('gateway').includes(
      `--backends=index=127.0.0.1:${ip},modeling=127.0.0.1:${mp},reporting=127.0.0.1:${rp},workspace=127.0.0.1:${wp},` +
      `google.longrunning.Operations=127.0.0.1:${wp}`));

    // A second start is a no-op for running services.
    const again = t.run(['start']);
    assert.equal(again.code, 0, again.all);
    assert.equal((again.out.match(/already running/g) || []).length, N, again.out);

    const stop = t.run(['stop']);
    assert.equal(stop.code, 0, stop.all);
    assert.equal((stop.out.match(/: stopped \(pid/g) || []).length, N, stop.out);
    for (const pid of pids) assert.ok(!pidAlive(pid), `pid ${pid} survived stop`);
    for (const s of SERVICES) assert.ok(!existsSync(path.join(t.runDir, `${s}.pid`)));
    assert.match(readFileSync(path.join(t.runDir, 'index.log'), 'utf8'), /drained, exiting/);

    const after = t.run(['status']);
    assert.equal(after.code, 3);
    assert.equal((after.out.match(/stopped/g) || []).length, N, after.out);
  });

  test('a service that crashes fails the start, shows its log and stops the others', async () => {
    const t = await setup();
    const r = t.run(['start'], { FAKE_CRASH: 'modeling' });
    assert.equal(r.code, 1, r.all);
    assert.match(r.err, /modeling \(pid \d+\) exited during startup/);
    assert.match(r.err, /fake crash at startup/);
    assert.match(r.err, /index: stopped/);
    for (const s of SERVICES) assert.ok(!existsSync(path.join(t.runDir, `${s}.pid`)), `${s}.pid left behind`);
    assert.ok(!existsSync(path.join(t.dir, 'reporting.argv')), 'reporting started after a failure');
  });

  test('a service that never turns SERVING fails the start after the timeout', async () => {
    const t = await setup();
    const r = t.run(['start'], { FAKE_NEVER_SERVING: 'index', GOVMETRICS_START_TIMEOUT: '2' });
    assert.equal(r.code, 1, r.all);
    assert.match(r.err, /index \(pid \d+\) not SERVING on 127\.0\.0\.1:\d+ after 2s/);
    assert.ok(!existsSync(path.join(t.runDir, 'index.pid')));
  });

  test('stop falls back to SIGKILL for a service that ignores SIGTERM, and says so', async () => {
    const t = await setup();
    const start = t.run(['start'], { FAKE_IGNORE_TERM: 'reporting' });
    assert.equal(start.code, 0, start.all);
    const pid = Number(readFileSync(path.join(t.runDir, 'reporting.pid'), 'utf8'));
    const stop = t.run(['stop'], { GOVMETRICS_STOP_TIMEOUT: '2' });
    assert.equal(stop.code, 1, stop.all);
    assert.match(stop.err, /reporting: pid \d+ still running 2s after SIGTERM; sending SIGKILL/);
    assert.match(stop.out, /index: stopped/);
    // SIGKILL is delivered asynchronously; poll briefly (this bounds the wait, it is not a timing assertion).
    for (let i = 0; i < 50 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!pidAlive(pid));
  });

  test('a missing binary is reported and nothing is left running', async () => {
    const t = await setup();
    rmSync(path.join(t.buildDir, 'services/index/govmetrics-index'));
    const r = t.run(['start']);
    assert.equal(r.code, 1, r.all);
    assert.match(r.err, /govmetrics-index is missing or not executable/);
    for (const s of SERVICES) assert.ok(!existsSync(path.join(t.runDir, `${s}.pid`)));
  });

  test('a stale pid file naming some other process is never signalled', async () => {
    const t = await setup();
    mkdirSync(t.runDir, { recursive: true });
    // This test process is alive but is not a govmetrics binary.
    spawnSync('sh', ['-c', `echo ${process.pid} > "${path.join(t.runDir, 'index.pid')}"`]);
    const status = t.run(['status']);
    assert.match(status.out, /index\s+stopped/);
    const stop = t.run(['stop']);
    assert.equal(stop.code, 0, stop.all);
    assert.match(stop.out, /index: not running \(stale pid file removed\)/);
    assert.ok(pidAlive(process.pid));
  });

  test('usage errors exit 2', () => {
    const r = spawnSync(LAUNCHER, ['launch'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    const r2 = spawnSync(LAUNCHER, ['start', '--bogus'], { encoding: 'utf8' });
    assert.equal(r2.status, 2);
    const help = spawnSync(LAUNCHER, ['--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /start\s+\[--build-dir DIR\]/);
  });
});

const realBuildDir = process.env.GOVMETRICS_BUILD_DIR;
const realBinaries = realBuildDir
  && SERVICES.every((s) => existsSync(path.join(realBuildDir, 'services', s, `govmetrics-${s}`)));

describe('govmetrics-local.sh with the real binaries', () => {
  test('starts the built services, all SERVING, and stops them cleanly',
    { skip: realBinaries ? false : 'no real binaries (set GOVMETRICS_BUILD_DIR to a build dir that has them)' },
    async () => {
      const t = await setup();
      const run = (args) => {
        const r = spawnSync(LAUNCHER, [...args, '--build-dir', realBuildDir, '--run-dir', t.runDir], {
          env: t.env, encoding: 'utf8', timeout: 120_000,
        });
        return { code: r.status, all: `${r.stdout}\n${r.stderr}`, out: r.stdout };
      };
      const start = run(['start']);
      try {
        assert.equal(start.code, 0, start.all);
        const status = run(['status']);
        assert.equal(status.code, 0, status.all);
      } finally {
        const stop = run(['stop']);
        assert.equal(stop.code, 0, stop.all);
      }
    });
});
