// The Secret recipe in docs/deployment.md is executable and complete: it is run with a
// stand-in kubectl that records the Secrets it would create, which must be exactly the
// Secrets the prod overlay mounts, with every key a flag reads; the certificates it makes
// must work for mutual TLS as the services use it. And no key material or Secret object
// is committed under deploy/.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { flagsOf, ofKind } from './lib/policy.mjs';
import { REPO_ROOT, renderTree } from './lib/render.mjs';

const DOC = path.join(REPO_ROOT, 'docs/deployment.md');

function secretsScript() {
  const text = readFileSync(DOC, 'utf8');
  const m = text.match(/<!-- secrets-script:begin -->\n```bash\n([\s\S]*?)\n```\n<!-- secrets-script:end -->/);
  assert.ok(m, 'docs/deployment.md has no secrets-script block');
  return m[1];
}

// What the prod overlay needs: secretName -> Set of keys the flags read from it.
function neededSecrets() {
  const objs = renderTree('prod');
  const need = new Map();
  for (const d of ofKind(objs, 'Deployment')) {
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    const { flags } = flagsOf(objs, d);
    for (const v of pod.volumes.filter((x) => x.secret)) {
      const keys = need.get(v.secret.secretName) || new Set();
      need.set(v.secret.secretName, keys);
      const mount = c.volumeMounts.find((m) => m.name === v.name);
      for (const value of flags.values()) {
        if (!value.startsWith(`${mount.mountPath}/`)) continue;
        const rel = value.slice(mount.mountPath.length + 1);
        const item = (v.secret.items || []).find((i) => i.path === rel);
        keys.add(item ? item.key : rel);
      }
    }
  }
  return need;
}

describe('Secret recipe in docs/deployment.md', () => {
  let dir;
  let created; // secret name -> Map(key -> file)
  let run;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'govmetrics-secrets-'));
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    const log = path.join(dir, 'kubectl.log');
    // Records each call as one JSON array per line (under flock: the recipe pipes one
    // kubectl into another, and both append to the log); `apply -f -` swallows stdin.
    writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh
flock "${log}.lock" /usr/bin/python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "$@" >> "${log}"
case " $* " in *" -f - "*) cat >/dev/null ;; *" -o yaml "*) echo "kind: Namespace" ;; esac
`);
    chmodSync(path.join(bin, 'kubectl'), 0o755);
    const work = path.join(dir, 'work');
    mkdirSync(work);
    run = spawnSync('bash', ['-c', secretsScript()], {
      cwd: work, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    created = new Map();
    const calls = existsSync(log) ? readFileSync(log, 'utf8').replace(/\]\s*\[/g, ']\n[').trim().split('\n').map((l) => JSON.parse(l)) : [];
    for (const argv of calls) {
      const i = argv.indexOf('secret');
      if (argv[i - 1] !== 'create' || argv[i + 1] !== 'generic') continue;
      assert.equal(argv[argv.indexOf('-n') + 1], 'govmetrics', `secret created outside the prod namespace: ${argv}`);
      const keys = new Map();
      for (const a of argv.filter((x) => x.startsWith('--from-file='))) {
        const [key, file] = a.slice('--from-file='.length).split('=');
        keys.set(key, path.join(work, file));
      }
      created.set(argv[i + 2], keys);
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('runs without error', () => {
    assert.equal(run.status, 0, run.stderr);
  });

  test('creates exactly the Secrets the prod overlay mounts, with every key a flag reads', () => {
    const need = neededSecrets();
    assert.deepEqual([...created.keys()].sort(), [...need.keys()].sort());
    for (const [name, keys] of need) {
      for (const key of keys) {
        const file = created.get(name)?.get(key);
        assert.ok(file, `${name} lacks key ${key}`);
        assert.ok(statSync(file).size > 0, `${name}/${key} is empty`);
      }
    }
  });

  test('makes tokens in the "AGENCY_ID TOKEN" format', () => {
    const tokens = readFileSync(created.get('govmetrics-agency-tokens').get('tokens'), 'utf8');
    const lines = tokens.trim().split('\n');
    assert.ok(lines.length >= 1);
    for (const l of lines) assert.match(l, /^[A-Za-z0-9_.-]+ [0-9a-f]{64}$/);
  });

  const mtls = (server, client, serverCaFrom, name = 'govmetrics-index-headless') => {
    const s = created.get(server);
    const c = created.get(client);
    const r = spawnSync('/usr/bin/python3', [path.join(REPO_ROOT, 'tests/deploy/fixtures/mtls_check.py'),
      '--server-cert', s.get('tls.crt'), '--server-key', s.get('tls.key'), '--client-ca', s.get('ca.crt'),
      '--client-cert', c.get('tls.crt'), '--client-key', c.get('tls.key'),
      '--server-ca', created.get(serverCaFrom).get('ca.crt'), '--name', name,
      '--stubs-dir', path.join(dir, 'stubs')], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };

  test('reporting\'s downstream certificate passes index\'s mTLS under the headless Service name', () => {
    assert.equal(mtls('govmetrics-index-tls', 'govmetrics-reporting-downstream-tls', 'govmetrics-reporting-downstream-tls'), 'SERVING');
    assert.equal(mtls('govmetrics-modeling-tls', 'govmetrics-reporting-downstream-tls', 'govmetrics-reporting-downstream-tls', 'govmetrics-modeling-headless'), 'SERVING');
  });

  test('the compute services\' certificates pass the workspace\'s mTLS, the workspace\'s passes reporting\'s', () => {
    for (const svc of ['index', 'modeling', 'reporting']) {
      assert.equal(mtls('govmetrics-workspace-tls', `govmetrics-${svc}-downstream-tls`, `govmetrics-${svc}-downstream-tls`, 'govmetrics-workspace-headless'), 'SERVING', svc);
    }
    assert.equal(mtls('govmetrics-reporting-tls', 'govmetrics-workspace-downstream-tls', 'govmetrics-workspace-downstream-tls', 'govmetrics-reporting-headless'), 'SERVING');
  });

  test('the gateway\'s downstream certificate passes every service\'s mTLS', () => {
    for (const svc of ['index', 'modeling', 'reporting', 'workspace']) {
      assert.equal(mtls(`govmetrics-${svc}-tls`, 'govmetrics-gateway-downstream-tls', 'govmetrics-gateway-downstream-tls', `govmetrics-${svc}-headless`), 'SERVING', svc);
    }
  });

  test('a certificate for another host name is refused by the client', () => {
    assert.equal(mtls('govmetrics-index-tls', 'govmetrics-reporting-downstream-tls', 'govmetrics-reporting-downstream-tls', 'govmetrics-modeling-headless'), 'UNAVAILABLE');
  });

  // An agency's client certificate, issued from the agency CA as the docs tell operators to.
  const agencyClient = () => {
    if (created.has('agency')) return;
    const work = path.dirname(created.get('govmetrics-reporting-tls').get('ca.crt'));
    const issue = spawnSync('bash', ['-c', `set -e
      openssl req -newkey rsa:2048 -nodes -keyout agency-a.key -out agency-a.csr -subj /CN=agency-a 2>/dev/null
      printf 'extendedKeyUsage=clientAuth\\n' > agency-a.ext
      openssl x509 -req -in agency-a.csr -CA agency-ca.crt -CAkey agency-ca.key -CAcreateserial -days 1 -extfile agency-a.ext -out agency-a.crt 2>/dev/null`],
    { cwd: work, encoding: 'utf8' });
    assert.equal(issue.status, 0, issue.stderr);
    created.set('agency', new Map([['tls.crt', path.join(work, 'agency-a.crt')], ['tls.key', path.join(work, 'agency-a.key')]]));
  };

  test('reporting accepts an agency client certificate', () => {
    agencyClient();
    assert.equal(mtls('govmetrics-reporting-tls', 'agency', 'govmetrics-reporting-downstream-tls', 'govmetrics-reporting'), 'SERVING');
  });

  test('index and modeling accept an agency client certificate: agencies call them directly', () => {
    agencyClient();
    assert.equal(mtls('govmetrics-index-tls', 'agency', 'govmetrics-reporting-downstream-tls'), 'SERVING');
    assert.equal(mtls('govmetrics-modeling-tls', 'agency', 'govmetrics-reporting-downstream-tls', 'govmetrics-modeling-headless'), 'SERVING');
  });

  test('a client certificate from neither CA is refused', () => {
    const work = path.dirname(created.get('govmetrics-reporting-tls').get('ca.crt'));
    const issue = spawnSync('bash', ['-c', `set -e
      openssl req -x509 -newkey rsa:2048 -nodes -keyout rogue.key -out rogue.crt -days 1 -subj /CN=rogue 2>/dev/null`],
    { cwd: work, encoding: 'utf8' });
    assert.equal(issue.status, 0, issue.stderr);
    created.set('rogue', new Map([['tls.crt', path.join(work, 'rogue.crt')], ['tls.key', path.join(work, 'rogue.key')]]));
    assert.equal(mtls('govmetrics-index-tls', 'rogue', 'govmetrics-reporting-downstream-tls'), 'UNAVAILABLE');
  });
});

describe('nothing secret is committed under deploy/', () => {
  function* files(dir) {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) yield* files(p);
      else yield p;
    }
  }
  const all = [...files(path.join(REPO_ROOT, 'deploy'))];

  test('no Secret manifests, secretGenerators or key material', () => {
    const offenders = [];
    for (const f of all) {
      const text = readFileSync(f, 'utf8');
      if (/^kind:\s*Secret\s*$/m.test(text)) offenders.push(`${f}: kind: Secret`);
      if (/^\s*secretGenerator:/m.test(text)) offenders.push(`${f}: secretGenerator`);
      if (/-----BEGIN [A-Z ]*PRIVATE KEY-----|-----BEGIN CERTIFICATE-----/.test(text)) offenders.push(`${f}: PEM block`);
      if (/\.(key|pem|crt|p12|pfx)$/.test(f)) offenders.push(`${f}: key/certificate file`);
    }
    assert.deepEqual(offenders, []);
  });
});
