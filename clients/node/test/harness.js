'use strict';
// Starts a real govmetrics binary on a free loopback port (--listen=127.0.0.1:0) and waits
// for its "NAME listening on HOST:PORT" line, like tests/e2e/harness.py.

const {spawn} = require('node:child_process');
const path = require('node:path');

const LISTEN = /listening on (\S+):(\d+)/;

function binaryPath(name) {
  const build = process.env.GOVMETRICS_BUILD_DIR || path.resolve(__dirname, '..', '..', '..', 'build');
  return path.join(build, 'services', name.replace('govmetrics-', ''), name);
}

function startService(binary, extraArgs = [], startupMs = 30000) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--listen=127.0.0.1:0', ...extraArgs], {stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${binary} did not report its port in time`)), startupMs);
    function fail(error) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    }
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`${binary} exited (${code}) before listening: ${stderr}`)));
    child.stdout.on('data', (d) => {
      if (settled) return;
      stdout += d;
      const match = LISTEN.exec(stdout);
      if (!match) return;
      settled = true;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        target: `127.0.0.1:${match[2]}`,
        // SIGTERM, then the exit code (the servers drain and exit 0).
        stop: () => new Promise((done) => {
          if (child.exitCode !== null) return done(child.exitCode);
          child.once('exit', (code) => done(code));
          child.kill('SIGTERM');
        }),
      });
    });
  });
}

const ROOT = process.env.GOVMETRICS_SOURCE_DIR || path.resolve(__dirname, '..', '..', '..');

function repoPath(...parts) {
  return path.join(ROOT, ...parts);
}

// tests/clients/flaky_proxy.py in front of upstream, dropping the first connection; stop()
// resolves to its event lines ("dropped 1", "forwarded 2", ...).
function startFlakyProxy(upstream) {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [repoPath('tests', 'clients', 'flaky_proxy.py'), upstream, '--drop=1'],
        {stdio: ['ignore', 'pipe', 'inherit']});
    let out = '';
    let listening = false;
    child.on('error', reject);
    child.stdout.on('data', (d) => {
      out += d;
      const match = /listening on (\S+)\n/.exec(out);
      if (!listening && match) {
        listening = true;
        resolve({
          target: match[1],
          stop: () => new Promise((done) => {
            child.once('exit', () => done(out.split('\n').slice(1).filter(Boolean)));
            child.kill('SIGTERM');
          }),
        });
      }
    });
  });
}

// ca.crt, server.{crt,key}, client.{crt,key}, token, tokens (tests/clients/make_test_certs.sh).
function makeCerts() {
  const fs = require('node:fs');
  const os = require('node:os');
  const {execFileSync} = require('node:child_process');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govmetrics-node-tls-'));
  execFileSync(repoPath('tests', 'clients', 'make_test_certs.sh'), [dir]);
  return dir;
}

module.exports = {ROOT, binaryPath, makeCerts, repoPath, startFlakyProxy, startService};
