// Renders deploy/k8s (base, dev, prod) with `kubectl kustomize`, validates every object
// against the Kubernetes schemas (kubernetes-models) plus a strict unknown-field check,
// and applies the deployment policies in lib/policy.mjs.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { parseFlagfile } from './lib/flags.mjs';
import {
  ADMIN_PORT, CHECKS, GRPC_SERVICES, METRICS_PORT, OVERLAY_ONLY, REPORTING_SECRET_FLAGS, SERVICES, TLS_SERVER_FLAGS,
  flagFilesMounted, flagsOf, ofKind, reachable,
} from './lib/policy.mjs';
import { TREES, objectId, renderTree } from './lib/render.mjs';
import { schemaErrors, strictFieldErrors } from './lib/schema.mjs';

for (const tree of Object.keys(TREES)) {
  describe(`${tree}: rendered manifests`, () => {
    test('render to a non-empty list of objects with unique kind/name', () => {
      const objs = renderTree(tree);
      assert.ok(objs.length >= 20, `only ${objs.length} objects`);
      const ids = objs.map(objectId);
      assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
    });

    test('every object validates against its kubernetes-models schema', async () => {
      const problems = [];
      for (const obj of renderTree(tree)) {
        for (const e of await schemaErrors(obj)) problems.push(`${objectId(obj)}: ${e}`);
      }
      assert.deepEqual(problems, []);
    });

    test('no object has a field unknown to the Kubernetes API (strict decoding)', () => {
      const problems = renderTree(tree).flatMap((o) => strictFieldErrors(o).map((e) => `${objectId(o)}: ${e}`));
      assert.deepEqual(problems, []);
    });

    for (const [name, check] of Object.entries(CHECKS)) {
      if (tree === 'base' && OVERLAY_ONLY.has(name)) continue;
      test(`policy ${name}`, () => {
        assert.deepEqual(check(renderTree(tree)), []);
      });
    }
  });
}

describe('dev overlay', () => {
  test('runs one replica per service in its own namespace, without autoscaling', () => {
    const objs = renderTree('dev');
    assert.deepEqual(ofKind(objs, 'HorizontalPodAutoscaler'), []);
    for (const d of ofKind(objs, 'Deployment')) {
      assert.equal(d.spec.replicas, 1, objectId(d));
      assert.equal(d.metadata.namespace, 'govmetrics-dev', objectId(d));
    }
  });

  test('is plaintext and needs no Secrets', () => {
    const objs = renderTree('dev');
    for (const d of ofKind(objs, 'Deployment')) {
      const { flags } = flagsOf(objs, d);
      for (const f of [...TLS_SERVER_FLAGS, ...REPORTING_SECRET_FLAGS]) {
        assert.equal(flags.has(f), false, `${objectId(d)} sets --${f}`);
      }
      const secretVolumes = (d.spec.template.spec.volumes || []).filter((v) => v.secret);
      assert.deepEqual(secretVolumes, [], objectId(d));
    }
  });
});

describe('prod overlay', () => {
  test('requires mTLS on every API port, with the files mounted from Secrets', () => {
    const objs = renderTree('prod');
    for (const d of ofKind(objs, 'Deployment')) {
      const { flags } = flagsOf(objs, d);
      for (const f of TLS_SERVER_FLAGS) assert.ok(flags.get(f), `${objectId(d)} lacks --${f}`);
    }
    assert.deepEqual(flagFilesMounted(objs, TLS_SERVER_FLAGS, { secret: true }), []);
  });

  test('reporting checks agency tokens and calls downstream with mTLS', () => {
    const objs = renderTree('prod');
    const reporting = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'govmetrics-reporting');
    const { flags } = flagsOf(objs, reporting);
    for (const f of REPORTING_SECRET_FLAGS) assert.ok(flags.get(f), `reporting lacks --${f}`);
    assert.deepEqual(flagFilesMounted(objs, REPORTING_SECRET_FLAGS, { secret: true }), []);
  });

  test('every service checks agency tokens (Secret) and the access policy (ConfigMap)', () => {
    const objs = renderTree('prod');
    assert.deepEqual(flagFilesMounted(objs, ['auth_tokens_file'], { secret: true }), []);
    for (const d of ofKind(objs, 'Deployment').filter((x) => GRPC_SERVICES[x.metadata.name])) {
      const { flags } = flagsOf(objs, d);
      assert.ok(flags.get('auth_tokens_file'), `${objectId(d)} lacks --auth_tokens_file`);
      const file = flags.get('access_policy_file');
      assert.ok(file, `${objectId(d)} lacks --access_policy_file`);
      const pod = d.spec.template.spec;
      const mount = pod.containers[0].volumeMounts.find((m) => file.startsWith(`${m.mountPath}/`));
      assert.ok(mount, `${objectId(d)}: --access_policy_file=${file} is not mounted`);
      const volume = pod.volumes.find((v) => v.name === mount.name);
      const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap?.name);
      assert.ok(cm?.data?.[file.slice(mount.mountPath.length + 1)], `${objectId(d)}: the policy ConfigMap lacks ${file}`);
      // Same name on every apply, so the kubelet updates the mounted file in place and the
      // server reloads it (a hashed name would roll the pods instead).
      assert.equal(cm.metadata.name, 'govmetrics-access-policy');
    }
  });

  test('the gateway passes tokens through and calls every service with its own client certificate', () => {
    const objs = renderTree('prod');
    const gateway = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'govmetrics-gateway');
    const { flags } = flagsOf(objs, gateway);
    // The services decide on the caller's token: a token table or policy here would make the
    // gateway a second, divergent gatekeeper.
    for (const f of ['auth_tokens_file', 'access_policy_file', 'allow_insecure_tokens']) assert.equal(flags.has(f), false, `gateway sets --${f}`);
    const downstream = ['downstream_tls_cert', 'downstream_tls_key', 'downstream_ca'];
    for (const f of downstream) assert.ok(flags.get(f), `gateway lacks --${f}`);
    assert.deepEqual(flagFilesMounted(objs, downstream, { secret: true }), []);
    // Its certificate must not name an agency in the access policy: a call through the
    // gateway without a token must be refused, never served as the gateway.
    const policy = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'govmetrics-access-policy').data['access-policy'];
    assert.doesNotMatch(policy, /^\s*certificate_san\s*=\s*govmetrics-gateway\s*$/m);
    assert.doesNotMatch(policy, /^\s*\[agency govmetrics-gateway\]/m);
  });

  describe('agency-facing topology (NetworkPolicy reachability)', () => {
    const objs = renderTree('prod');
    const agency = { namespaceLabels: { 'kubernetes.io/metadata.name': 'stats-bureau', 'govmetrics.io/agency': 'true' }, podLabels: { app: 'analysis' } };
    const unlabelled = { namespaceLabels: { 'kubernetes.io/metadata.name': 'stats-bureau' }, podLabels: { app: 'analysis' } };
    const monitoring = { namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' }, podLabels: { app: 'prometheus' } };
    for (const [app, contract] of Object.entries(SERVICES)) {
      test(`an agency pod reaches the ${app} API port, not its admin or metrics port`, () => {
        assert.equal(reachable(objs, agency, app, contract.apiPort), true);
        assert.equal(reachable(objs, agency, app, ADMIN_PORT), false);
        assert.equal(reachable(objs, agency, app, METRICS_PORT), false);
      });
      test(`a pod in an unlabelled namespace reaches no port of ${app}`, () => {
        for (const port of [contract.apiPort, ADMIN_PORT, METRICS_PORT]) assert.equal(reachable(objs, unlabelled, app, port), false, port);
      });
      test(`only monitoring reaches the admin and metrics ports of ${app}`, () => {
        assert.equal(reachable(objs, monitoring, app, ADMIN_PORT), true);
        assert.equal(reachable(objs, monitoring, app, METRICS_PORT), true);
        assert.equal(reachable(objs, monitoring, app, contract.apiPort), false);
      });
    }
  });

  test('autoscales each service between 3 and 10 replicas on CPU', () => {
    const objs = renderTree('prod');
    const hpas = ofKind(objs, 'HorizontalPodAutoscaler');
    assert.deepEqual(hpas.map((h) => h.spec.scaleTargetRef.name).sort(), Object.keys(SERVICES).sort());
    for (const h of hpas) {
      assert.equal(h.spec.minReplicas, 3, objectId(h));
      assert.equal(h.spec.maxReplicas, 10, objectId(h));
    }
  });

  test('lives in the govmetrics namespace under the restricted Pod Security Standard', () => {
    const objs = renderTree('prod');
    const ns = ofKind(objs, 'Namespace');
    assert.equal(ns.length, 1);
    assert.equal(ns[0].metadata.name, 'govmetrics');
    assert.equal(ns[0].metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
    for (const o of objs.filter((x) => x.kind !== 'Namespace')) assert.equal(o.metadata.namespace, 'govmetrics', objectId(o));
  });
});

describe('prod-ingress overlay (the optional agency Ingress component)', () => {
  const objs = renderTree('prod-ingress');
  const ingresses = ofKind(objs, 'Ingress');

  test('adds only the Ingresses to the prod overlay', () => {
    const prod = renderTree('prod').map(objectId).sort();
    assert.deepEqual(objs.filter((o) => o.kind !== 'Ingress').map(objectId).sort(), prod);
    assert.equal(ingresses.length, Object.keys(SERVICES).length);
  });

  for (const [app, contract] of Object.entries(GRPC_SERVICES)) {
    test(`routes ${contract.health} calls to ${app}'s API port over TLS with a client certificate`, () => {
      const routes = ingresses.flatMap((ing) => ing.spec.rules.flatMap((r) => r.http.paths.map((p) => ({ ing, p }))))
        .filter(({ p }) => p.path === `/${contract.health}`);
      assert.equal(routes.length, 1, `no single route for /${contract.health}`);
      const { ing, p } = routes[0];
      assert.equal(p.pathType, 'Prefix');
      assert.equal(p.backend.service.name, app);
      assert.equal(p.backend.service.port.number, contract.apiPort);
      const service = objs.find((o) => o.kind === 'Service' && o.metadata.name === app);
      assert.ok(service.spec.ports.some((sp) => sp.port === contract.apiPort), `${app} Service has no port ${contract.apiPort}`);
      const a = ing.metadata.annotations;
      assert.equal(a['nginx.ingress.kubernetes.io/backend-protocol'], 'GRPCS');
      assert.equal(a['nginx.ingress.kubernetes.io/proxy-ssl-verify'], 'on');
      assert.equal(a['nginx.ingress.kubernetes.io/proxy-ssl-name'], app, 'must match a SAN of the server certificate');
      assert.match(a['nginx.ingress.kubernetes.io/proxy-ssl-secret'], /^govmetrics\//);
      assert.equal(a['nginx.ingress.kubernetes.io/auth-tls-verify-client'], 'on');
      assert.ok(ing.spec.tls?.[0]?.secretName, 'no TLS at the edge');
      assert.deepEqual(ing.spec.tls[0].hosts, ing.spec.rules.map((r) => r.host));
    });
  }

  test('publishes the gateway on its own host over HTTPS, unbuffered (events, uploads), no edge client certificate', () => {
    const ing = ingresses.find((i) => i.metadata.name === 'govmetrics-gateway-public');
    assert.ok(ing, 'no gateway Ingress');
    const grpcHosts = new Set(ingresses.filter((i) => i !== ing).flatMap((i) => i.spec.rules.map((r) => r.host)));
    for (const r of ing.spec.rules) assert.equal(grpcHosts.has(r.host), false, `${r.host} shared with the gRPC Ingresses (their edge client-certificate setting would apply)`);
    const p = ing.spec.rules[0].http.paths;
    assert.deepEqual(p.map((x) => [x.path, x.pathType, x.backend.service.name, x.backend.service.port.number]), [['/', 'Prefix', 'govmetrics-gateway', 8080]]);
    const a = ing.metadata.annotations;
    assert.equal(a['nginx.ingress.kubernetes.io/backend-protocol'], 'HTTPS');
    assert.equal(a['nginx.ingress.kubernetes.io/proxy-ssl-verify'], 'on');
    assert.equal(a['nginx.ingress.kubernetes.io/proxy-ssl-name'], 'govmetrics-gateway');
    assert.equal(a['nginx.ingress.kubernetes.io/proxy-buffering'], 'off');
    assert.equal(a['nginx.ingress.kubernetes.io/proxy-request-buffering'], 'off');
    const { flags } = flagsOf(objs, objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'govmetrics-gateway'));
    assert.equal(a['nginx.ingress.kubernetes.io/proxy-body-size'], `${flags.get('max_body_mb')}m`, 'edge and gateway body limits differ');
    assert.ok(Number(a['nginx.ingress.kubernetes.io/proxy-read-timeout']) >= 600, 'event streams would be cut');
    assert.equal(a['nginx.ingress.kubernetes.io/auth-tls-verify-client'], undefined);
    assert.ok(ing.spec.tls?.[0]?.secretName, 'no TLS at the edge');
    assert.deepEqual(ing.spec.tls[0].hosts, ing.spec.rules.map((r) => r.host));
  });

  test('the ingress controller is admitted as an agency network, and only to the API ports', () => {
    const controller = { namespaceLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx', 'govmetrics.io/agency': 'true' }, podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
    for (const [app, contract] of Object.entries(SERVICES)) {
      assert.equal(reachable(objs, controller, app, contract.apiPort), true, app);
      assert.equal(reachable(objs, controller, app, METRICS_PORT), false, app);
    }
  });
});

// The checks must be able to fail: each case breaks one thing in a copy of the prod render
// and expects exactly that check to complain.
describe('policy checks catch broken manifests', () => {
  const deployment = (objs, name = 'govmetrics-index') => objs.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
  const container = (objs, name) => deployment(objs, name).spec.template.spec.containers[0];
  const setFlags = (objs, depName, edit) => {
    const d = deployment(objs, depName);
    const mount = d.spec.template.spec.containers[0].volumeMounts.find((m) => m.mountPath === '/etc/govmetrics/flags');
    const vol = d.spec.template.spec.volumes.find((v) => v.name === mount.name);
    const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === vol.configMap.name);
    cm.data.flags = edit(cm.data.flags);
  };
  const cases = [
    ['grpcProbesOnAdminPort', 'a missing readiness probe', (o) => { delete container(o).readinessProbe; }],
    ['grpcProbesOnAdminPort', 'an HTTP liveness probe', (o) => { container(o).livenessProbe = { httpGet: { port: 8081, path: '/' } }; }],
    ['grpcProbesOnAdminPort', 'a probe on the API port', (o) => { container(o).readinessProbe.grpc.port = 50051; }],
    ['grpcProbesOnAdminPort', 'a probe for another service name', (o) => { container(o).livenessProbe.grpc.service = 'govmetrics.modeling.v1.ModelingService'; }],
    ['resourcesSet', 'a missing memory limit', (o) => { delete container(o).resources.limits.memory; }],
    ['resourcesSet', 'a request above its limit', (o) => { container(o).resources.requests.cpu = '4'; }],
    ['hardenedSecurityContext', 'a writable root filesystem', (o) => { container(o).securityContext.readOnlyRootFilesystem = false; }],
    ['hardenedSecurityContext', 'kept capabilities', (o) => { container(o).securityContext.capabilities.drop = ['NET_RAW']; }],
    ['hardenedSecurityContext', 'running as root', (o) => { deployment(o).spec.template.spec.securityContext.runAsUser = 0; }],
    ['hardenedSecurityContext', 'privilege escalation', (o) => { container(o).securityContext.allowPrivilegeEscalation = true; }],
    ['selectorsMatchPods', 'a Service selecting no pods', (o) => { o.find((x) => x.kind === 'Service').spec.selector['app.kubernetes.io/name'] = 'nope'; }],
    ['selectorsMatchPods', 'a Deployment selector that misses its pods', (o) => { deployment(o).spec.template.metadata.labels['app.kubernetes.io/name'] = 'other'; }],
    ['serviceTargetPortsExist', 'a Service targeting a missing port name', (o) => { o.find((x) => x.kind === 'Service').spec.ports[0].targetPort = 'grpc'; }],
    ['serviceTargetPortsExist', 'a renamed container port', (o) => { container(o).ports.find((p) => p.name === 'metrics').name = 'prom'; }],
    ['gracePeriodExceedsDrain', 'a drain longer than the grace period', (o) => { deployment(o).spec.template.spec.terminationGracePeriodSeconds = 10; }],
    ['gracePeriodExceedsDrain', 'a drain raised in the flagfile', (o) => setFlags(o, 'govmetrics-index', (t) => t.replace(/--drain_seconds=\d+/, '--drain_seconds=45'))],
    ['commandAndFlagfile', 'a misspelt flag', (o) => setFlags(o, 'govmetrics-index', (t) => `${t}--drain_secs=5\n`)],
    ['commandAndFlagfile', 'a reporting-only flag on index', (o) => setFlags(o, 'govmetrics-index', (t) => `${t}--index_target=x:1\n`)],
    ['commandAndFlagfile', 'the wrong binary', (o) => { container(o).command[0] = '/usr/local/bin/govmetrics-modeling'; }],
    ['commandAndFlagfile', 'a loopback listen address', (o) => setFlags(o, 'govmetrics-index', (t) => t.replace('--listen=0.0.0.0:', '--listen=127.0.0.1:'))],
    ['noSecretObjects', 'a committed Secret', (o) => { o.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak' }, data: { 'tls.key': 'AAAA' } }); }],
    ['downstreamTargetsUseHeadlessServices', 'a ClusterIP downstream target', (o) => setFlags(o, 'govmetrics-reporting', (t) => t.replace('dns:///govmetrics-index-headless:50051', 'govmetrics-index:50051'))],
    ['downstreamTargetsUseHeadlessServices', 'a target at the wrong port', (o) => setFlags(o, 'govmetrics-reporting', (t) => t.replace('govmetrics-modeling-headless:50052', 'govmetrics-modeling-headless:50051'))],
    ['networkPolicies', 'an index API open to every pod', (o) => { o.find((x) => x.metadata.name === 'govmetrics-index-api').spec.ingress[0].from = [{ podSelector: {} }]; }],
    ['networkPolicies', 'no default deny', (o) => { o.splice(o.findIndex((x) => x.metadata.name === 'govmetrics-default-deny-ingress'), 1); }],
    ['networkPolicies', 'an index API closed to agency namespaces', (o) => { o.find((x) => x.metadata.name === 'govmetrics-index-api').spec.ingress[0].from.splice(1, 1); }],
    ['networkPolicies', 'a modeling API open to every namespace', (o) => { o.find((x) => x.metadata.name === 'govmetrics-modeling-api').spec.ingress[0].from.push({ namespaceSelector: {} }); }],
    ['networkPolicies', 'metrics open to any namespace', (o) => { o.find((x) => x.metadata.name === 'govmetrics-admin-metrics').spec.ingress[0].from = [{ namespaceSelector: {} }]; }],
    ['commonLabels', 'an object without part-of', (o) => { delete o.find((x) => x.kind === 'PodDisruptionBudget').metadata.labels['app.kubernetes.io/part-of']; }],
    ['hpaOwnsReplicas', 'replicas fixed under an HPA', (o) => { deployment(o).spec.replicas = 3; }],
    ['pinnedImages', 'a :latest image', (o) => { container(o).image = 'govmetrics:latest'; }],
    ['grpcProbesOnAdminPort', 'a gateway probe asking for a service it does not serve', (o) => { container(o, 'govmetrics-gateway').readinessProbe.grpc.service = 'govmetrics.index.v1.IndexService'; }],
    ['gatewayBackendsUseHeadlessServices', 'a gateway backend on a ClusterIP Service', (o) => setFlags(o, 'govmetrics-gateway', (t) => t.replace('dns:///govmetrics-modeling-headless:50052', 'govmetrics-modeling:50052'))],
    ['gatewayBackendsUseHeadlessServices', 'operations sent to reporting', (o) => setFlags(o, 'govmetrics-gateway', (t) => t.replace('google.longrunning.Operations=dns:///govmetrics-workspace-headless:50054', 'google.longrunning.Operations=dns:///govmetrics-reporting-headless:50053'))],
    ['gatewayBackendsUseHeadlessServices', 'a missing workspace backend', (o) => setFlags(o, 'govmetrics-gateway', (t) => t.replace(',workspace=dns:///govmetrics-workspace-headless:50054', ''))],
    ['gatewayEgress', 'no egress policy on the gateway', (o) => { o.splice(o.findIndex((x) => x.metadata.name === 'govmetrics-gateway-egress'), 1); }],
    ['gatewayEgress', 'gateway egress to every port of the services', (o) => { delete o.find((x) => x.metadata.name === 'govmetrics-gateway-egress').spec.egress[0].ports; }],
    ['gatewayEgress', 'gateway egress without DNS', (o) => { o.find((x) => x.metadata.name === 'govmetrics-gateway-egress').spec.egress.pop(); }],
    ['gatewayEgress', 'gateway egress to the internet', (o) => { o.find((x) => x.metadata.name === 'govmetrics-gateway-egress').spec.egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }); }],
    ['networkPolicies', 'a workspace closed to the gateway', (o) => { const f = o.find((x) => x.metadata.name === 'govmetrics-workspace-api').spec.ingress[0].from; f.splice(f.findIndex((p) => p.podSelector?.matchLabels['app.kubernetes.io/name'] === 'govmetrics-gateway'), 1); }],
    ['networkPolicies', 'a gateway open to every pod', (o) => { o.find((x) => x.metadata.name === 'govmetrics-gateway-api').spec.ingress[0].from = [{ podSelector: {} }]; }],
    ['allServicesPresent', 'a missing gateway PodDisruptionBudget', (o) => { o.splice(o.findIndex((x) => x.kind === 'PodDisruptionBudget' && x.metadata.name === 'govmetrics-gateway'), 1); }],
    ['allServicesPresent', 'a missing headless Service', (o) => { o.splice(o.findIndex((x) => x.metadata.name === 'govmetrics-modeling-headless'), 1); }],
  ];
  for (const [check, what, breakIt] of cases) {
    test(`${check} rejects ${what}`, () => {
      const objs = renderTree('prod');
      assert.deepEqual(CHECKS[check](objs), [], 'precondition: the real manifests pass');
      breakIt(objs);
      assert.notDeepEqual(CHECKS[check](objs), []);
    });
  }

  test('flagFilesMounted rejects a TLS file outside any Secret mount', () => {
    const objs = renderTree('prod');
    setFlags(objs, 'govmetrics-index', (t) => t.replace('/etc/govmetrics/tls/ca.crt', '/etc/ssl/ca.crt'));
    assert.notDeepEqual(flagFilesMounted(objs, TLS_SERVER_FLAGS, { secret: true }), []);
  });

  test('schema validation rejects a wrongly typed field', async () => {
    const d = deployment(renderTree('prod'));
    d.spec.template.spec.containers[0].ports[0].containerPort = '50051';
    assert.notDeepEqual(await schemaErrors(d), []);
  });

  test('strict decoding rejects a misspelt field', () => {
    const d = deployment(renderTree('prod'));
    d.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true;
    assert.deepEqual(strictFieldErrors(d), [
      'unknown field Deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem',
    ]);
  });

  test('the flagfile parser rejects repeated and malformed lines', () => {
    assert.equal(parseFlagfile('--a=1\n# c\n\n--b\n').errors.length, 0);
    assert.equal(parseFlagfile('--a=1\n--a=2\n').errors.length, 1);
    assert.equal(parseFlagfile('listen=1\n').errors.length, 1);
  });
});

// With a build dir, the flagfiles are checked against the flags the built binaries really
// define (absl aborts on an unknown flag, so this is a pod that would crash-loop).
describe('flagfiles against the built binaries', () => {
  const buildDir = process.env.GOVMETRICS_BUILD_DIR;
  for (const [name, contract] of Object.entries(SERVICES)) {
    const bin = buildDir && path.join(buildDir, 'services', name.replace('govmetrics-', ''), contract.binary);
    const skip = bin && existsSync(bin) ? false : `no ${contract.binary} binary (set GOVMETRICS_BUILD_DIR)`;
    test(`${contract.binary} defines every flag its dev and prod flagfiles set`, { skip }, () => {
      const help = spawnSync(bin, ['--helpfull'], { encoding: 'utf8' });
      const defined = new Set([...`${help.stdout}${help.stderr}`.matchAll(/^\s+--([a-z0-9_]+) \(/gm)].map((m) => m[1]));
      assert.ok(defined.has('listen'), `could not read flags from ${bin} --helpfull`);
      for (const tree of ['dev', 'prod']) {
        const objs = renderTree(tree);
        const d = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
        const unknown = [...flagsOf(objs, d).flags.keys()].filter((f) => !defined.has(f));
        assert.deepEqual(unknown, [], `${tree} flagfile of ${name} sets flags ${bin} does not define`);
      }
    });
  }
});
