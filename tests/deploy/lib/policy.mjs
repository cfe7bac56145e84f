// Deployment policies for the rendered manifests. Each check takes the list of objects of
// one rendered tree and returns human-readable violations (empty = pass), so the tests can
// show that a check passes on the real manifests AND fails on a deliberately broken copy.

import { DEFAULT_DRAIN_SECONDS, knownFlagsFor, parseFlagfile, portOf } from './flags.mjs';
import { objectId } from './render.mjs';

// The service contract (ports, binaries, grpc.health.v1 service names).
export const SERVICES = {
  'govmetrics-index': {
    binary: 'govmetrics-index',
    apiPort: 50051,
    health: 'govmetrics.index.v1.IndexService',
  },
  'govmetrics-modeling': {
    binary: 'govmetrics-modeling',
    apiPort: 50052,
    health: 'govmetrics.modeling.v1.ModelingService',
  },
  'govmetrics-reporting': {
    binary: 'govmetrics-reporting',
    apiPort: 50053,
    health: 'govmetrics.reporting.v1.ReportingService',
  },
  'govmetrics-workspace': {
    binary: 'govmetrics-workspace',
    apiPort: 50054,
    health: 'govmetrics.workspace.v1.WorkspaceService',
  },
  // HTTP/JSON, no gRPC API of its own: health is the overall status "" (no service name),
  // and no headless Service (its callers speak HTTP, not client-side round_robin gRPC).
  'govmetrics-gateway': {
    binary: 'govmetrics-gateway',
    apiPort: 8080,
    health: '',
    http: true,
  },
};
export const GRPC_SERVICES = Object.fromEntries(Object.entries(SERVICES).filter(([, c]) => !c.http));
// The gateway's --backends keys and the Deployment serving each.
export const GATEWAY_BACKENDS = {
  index: 'govmetrics-index',
  modeling: 'govmetrics-modeling',
  reporting: 'govmetrics-reporting',
  workspace: 'govmetrics-workspace',
  'google.longrunning.Operations': 'govmetrics-workspace',
};
// Who calls whom inside the namespace (besides agencies, which reach every API port).
export const INTERNAL_CALLERS = {
  'govmetrics-index': ['govmetrics-reporting', 'govmetrics-gateway'],
  'govmetrics-modeling': ['govmetrics-reporting', 'govmetrics-gateway'],
  'govmetrics-reporting': ['govmetrics-workspace', 'govmetrics-gateway'],
  'govmetrics-workspace': ['govmetrics-index', 'govmetrics-modeling', 'govmetrics-reporting', 'govmetrics-gateway'],
  'govmetrics-gateway': [],
};
export const ADMIN_PORT = 8081;
export const METRICS_PORT = 9464;
export const RUN_AS = 65532;
export const FLAGFILE_PATH = '/etc/govmetrics/flags';
const NAME_LABEL = 'app.kubernetes.io/name';

// ---- helpers ----------------------------------------------------------------------------

export const ofKind = (objs, kind) => objs.filter((o) => o.kind === kind);
// What runs pods: the services' Deployments and the optional PostgreSQL StatefulSet.
const workloads = (objs) => [...ofKind(objs, 'Deployment'), ...ofKind(objs, 'StatefulSet')];

function byName(objs, kind, name) {
  return objs.find((o) => o.kind === kind && o.metadata?.name === name);
}

function labelsMatch(selectorLabels, labels) {
  if (!selectorLabels || Object.keys(selectorLabels).length === 0) return false;
  return Object.entries(selectorLabels).every(([k, v]) => labels?.[k] === v);
}

// Kubernetes quantities ("250m", "1", "512Mi", "2Gi") in base units.
export function parseQuantity(q) {
  const m = String(q).match(/^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/);
  if (!m) return NaN;
  const mult = {
    undefined: 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12,
    Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4,
  }[m[2]];
  return Number(m[1]) * mult;
}

// The flagfile a Deployment's container reads: the ConfigMap behind the volume mounted at
// FLAGFILE_PATH. Returns {flags, errors} or null when it cannot be traced.
export function flagsOf(objs, deployment) {
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const mount = (container.volumeMounts || []).find((m) => m.mountPath === FLAGFILE_PATH);
  if (!mount) return null;
  const volume = (pod.volumes || []).find((v) => v.name === mount.name);
  if (!volume?.configMap) return null;
  const cm = byName(objs, 'ConfigMap', volume.configMap.name);
  const text = cm?.data?.[mount.subPath || 'flags'];
  if (text === undefined) return null;
  return parseFlagfile(text);
}

function forEachDeployment(objs, fn) {
  const out = [];
  for (const d of ofKind(objs, 'Deployment')) {
    const name = d.metadata.name;
    const contract = SERVICES[name];
    if (!contract) {
      out.push(`${objectId(d)}: not one of the contract services`);
      continue;
    }
    fn(d, contract, (msg) => out.push(`${objectId(d)}: ${msg}`));
  }
  return out;
}

// ---- checks -----------------------------------------------------------------------------

export const CHECKS = {
  allServicesPresent(objs) {
    const out = [];
    for (const name of Object.keys(SERVICES)) {
      if (!byName(objs, 'Deployment', name)) out.push(`missing Deployment ${name}`);
      if (!byName(objs, 'Service', name)) out.push(`missing Service ${name}`);
      const headless = byName(objs, 'Service', `${name}-headless`);
      if (SERVICES[name].http) {
        if (headless) out.push(`${name}-headless: an HTTP front door needs no headless Service`);
      } else if (!headless) out.push(`missing Service ${name}-headless`);
      else if (headless.spec.clusterIP !== 'None') out.push(`${name}-headless is not headless`);
      if (!byName(objs, 'PodDisruptionBudget', name)) out.push(`missing PodDisruptionBudget ${name}`);
    }
    return out;
  },

  grpcProbesOnAdminPort(objs) {
    return forEachDeployment(objs, (d, contract, fail) => {
      for (const c of d.spec.template.spec.containers) {
        const admin = (c.ports || []).find((p) => p.name === 'admin');
        if (!admin) fail(`container ${c.name} has no port named admin`);
        for (const kind of ['readinessProbe', 'livenessProbe']) {
          const probe = c[kind];
          if (!probe) {
            fail(`container ${c.name} has no ${kind}`);
            continue;
          }
          const handlers = ['grpc', 'httpGet', 'tcpSocket', 'exec'].filter((h) => probe[h]);
          if (handlers.length !== 1 || handlers[0] !== 'grpc') {
            fail(`${kind} must be a native grpc probe, is ${handlers.join('+') || 'empty'}`);
            continue;
          }
          if (probe.grpc.port !== ADMIN_PORT || (admin && probe.grpc.port !== admin.containerPort)) {
            fail(`${kind} probes port ${probe.grpc.port}, not the admin port ${ADMIN_PORT}`);
          }
          if ((probe.grpc.service ?? '') !== contract.health) {
            fail(`${kind} asks for health service '${probe.grpc.service}', want '${contract.health}'`);
          }
        }
      }
    });
  },

  resourcesSet(objs) {
    return forEachDeployment(objs, (d, contract, fail) => {
      for (const c of d.spec.template.spec.containers) {
        const r = c.resources || {};
        for (const res of ['cpu', 'memory']) {
          const req = r.requests?.[res];
          const lim = r.limits?.[res];
          if (req === undefined) fail(`container ${c.name} has no ${res} request`);
          if (lim === undefined) fail(`container ${c.name} has no ${res} limit`);
          if (req !== undefined && lim !== undefined && !(parseQuantity(req) <= parseQuantity(lim))) {
            fail(`container ${c.name} ${res} request ${req} exceeds limit ${lim}`);
          }
        }
      }
    });
  },

  hardenedSecurityContext(objs) {
    return forEachDeployment(objs, (d, contract, fail) => {
      const pod = d.spec.template.spec;
      const psc = pod.securityContext || {};
      if (psc.runAsNonRoot !== true) fail('pod securityContext.runAsNonRoot is not true');
      if (psc.runAsUser !== RUN_AS) fail(`pod runAsUser is ${psc.runAsUser}, want ${RUN_AS}`);
      if (psc.seccompProfile?.type !== 'RuntimeDefault') fail('pod seccompProfile is not RuntimeDefault');
      for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) if (pod[f]) fail(`pod sets ${f}`);
      if (pod.automountServiceAccountToken !== false) fail('service account token is mounted');
      for (const c of [...pod.containers, ...(pod.initContainers || [])]) {
        const sc = c.securityContext || {};
        if (sc.allowPrivilegeEscalation !== false) fail(`${c.name}: allowPrivilegeEscalation not false`);
        if (sc.readOnlyRootFilesystem !== true) fail(`${c.name}: readOnlyRootFilesystem not true`);
        if (sc.privileged === true) fail(`${c.name}: privileged`);
        if (!(sc.capabilities?.drop || []).includes('ALL')) fail(`${c.name}: capabilities do not drop ALL`);
        if ((sc.capabilities?.add || []).length > 0) fail(`${c.name}: adds capabilities`);
        if (sc.runAsUser !== undefined && sc.runAsUser !== RUN_AS) fail(`${c.name}: runAsUser ${sc.runAsUser}`);
        if (sc.runAsNonRoot === false) fail(`${c.name}: runAsNonRoot false`);
        const seccomp = sc.seccompProfile?.type ?? psc.seccompProfile?.type;
        if (seccomp !== 'RuntimeDefault') fail(`${c.name}: seccompProfile not RuntimeDefault`);
      }
    });
  },

  selectorsMatchPods(objs) {
    const out = [];
    const deployments = workloads(objs);
    const podLabels = (d) => d.spec.template.metadata?.labels || {};
    for (const d of deployments) {
      const sel = d.spec.selector?.matchLabels;
      if (!labelsMatch(sel, podLabels(d))) out.push(`${objectId(d)}: selector does not match its pod labels`);
      if (sel?.[NAME_LABEL] !== d.metadata.name) out.push(`${objectId(d)}: selector lacks ${NAME_LABEL}=${d.metadata.name}`);
      for (const t of d.spec.template.spec.topologySpreadConstraints || []) {
        if (!labelsMatch(t.labelSelector?.matchLabels, podLabels(d))) {
          out.push(`${objectId(d)}: topologySpreadConstraint selects other pods`);
        }
      }
    }
    const matching = (sel) => deployments.filter((d) => labelsMatch(sel, podLabels(d)));
    for (const s of ofKind(objs, 'Service')) {
      if (matching(s.spec.selector).length !== 1) out.push(`${objectId(s)}: selector matches ${matching(s.spec.selector).length} Deployments, want 1`);
    }
    for (const p of ofKind(objs, 'PodDisruptionBudget')) {
      if (matching(p.spec.selector?.matchLabels).length !== 1) out.push(`${objectId(p)}: selector matches no single Deployment`);
    }
    for (const h of ofKind(objs, 'HorizontalPodAutoscaler')) {
      const ref = h.spec.scaleTargetRef;
      if (ref.kind !== 'Deployment' || !byName(objs, 'Deployment', ref.name)) out.push(`${objectId(h)}: scaleTargetRef ${ref.kind}/${ref.name} does not exist`);
    }
    for (const np of ofKind(objs, 'NetworkPolicy')) {
      const sel = np.spec.podSelector?.matchLabels;
      // A selector matching several Deployments is fine (the admin/metrics policy).
      if (sel && Object.keys(sel).length > 0 && matching(sel).length === 0) {
        out.push(`${objectId(np)}: podSelector matches no pods`);
      }
      for (const rule of np.spec.ingress || []) {
        for (const peer of rule.from || []) {
          const ps = peer.podSelector?.matchLabels;
          if (ps && !peer.namespaceSelector && matching(ps).length === 0) {
            out.push(`${objectId(np)}: ingress peer podSelector matches no pods`);
          }
        }
      }
    }
    return out;
  },

  serviceTargetPortsExist(objs) {
    const out = [];
    for (const s of ofKind(objs, 'Service')) {
      const d = workloads(objs).find((x) => labelsMatch(s.spec.selector, x.spec.template.metadata?.labels));
      if (!d) {
        out.push(`${objectId(s)}: selects no Deployment or StatefulSet`);
        continue;
      }
      const ports = d.spec.template.spec.containers.flatMap((c) => c.ports || []);
      for (const p of s.spec.ports || []) {
        const target = p.targetPort ?? p.port;
        const found = typeof target === 'number'
          ? ports.some((cp) => cp.containerPort === target)
          : ports.some((cp) => cp.name === target);
        if (!found) out.push(`${objectId(s)}: port ${p.name} targets ${target}, which ${objectId(d)} does not expose`);
      }
    }
    out.push(...forEachDeployment(objs, (d, contract, fail) => {
      const ports = Object.fromEntries((d.spec.template.spec.containers[0].ports || []).map((p) => [p.name, p.containerPort]));
      const want = { api: contract.apiPort, admin: ADMIN_PORT, metrics: METRICS_PORT };
      for (const [name, port] of Object.entries(want)) {
        if (ports[name] !== port) fail(`container port '${name}' is ${ports[name]}, want ${port}`);
      }
    }));
    return out;
  },

  commandAndFlagfile(objs) {
    return forEachDeployment(objs, (d, contract, fail) => {
      const c = d.spec.template.spec.containers[0];
      const cmd = c.command || [];
      if (cmd[0] !== `/usr/local/bin/${contract.binary}`) fail(`command runs ${cmd[0]}, want /usr/local/bin/${contract.binary}`);
      if (!cmd.includes(`--flagfile=${FLAGFILE_PATH}`)) fail(`command does not pass --flagfile=${FLAGFILE_PATH}`);
      const parsed = flagsOf(objs, d);
      if (!parsed) {
        fail(`no ConfigMap flagfile mounted at ${FLAGFILE_PATH}`);
        return;
      }
      for (const e of parsed.errors) fail(`flagfile ${e}`);
      const known = knownFlagsFor(contract.binary);
      for (const name of parsed.flags.keys()) {
        if (!known.has(name)) fail(`flagfile sets unknown flag --${name} (absl would abort at startup)`);
      }
      const f = parsed.flags;
      if (portOf(f.get('listen')) !== contract.apiPort) fail(`--listen=${f.get('listen')} is not the api port ${contract.apiPort}`);
      if (!String(f.get('listen')).match(/^(0\.0\.0\.0|\[::\]):/)) fail('--listen must bind all interfaces in a pod');
      if (portOf(f.get('admin_listen')) !== ADMIN_PORT) fail(`--admin_listen=${f.get('admin_listen')} is not ${ADMIN_PORT}`);
      if (portOf(f.get('metrics_listen')) !== METRICS_PORT) fail(`--metrics_listen=${f.get('metrics_listen')} is not ${METRICS_PORT}`);
    });
  },

  gracePeriodExceedsDrain(objs) {
    return forEachDeployment(objs, (d, contract, fail) => {
      const parsed = flagsOf(objs, d);
      const drain = Number(parsed?.flags.get('drain_seconds') ?? DEFAULT_DRAIN_SECONDS);
      const grace = d.spec.template.spec.terminationGracePeriodSeconds ?? 30;
      if (!Number.isInteger(drain) || drain < 0) fail(`--drain_seconds=${drain} is not a whole number`);
      if (!(grace > drain)) fail(`terminationGracePeriodSeconds ${grace} is not greater than --drain_seconds=${drain}`);
      // The liveness probe must not kill a draining pod: its failure window outlasts the drain.
      const live = d.spec.template.spec.containers[0].livenessProbe;
      if (live) {
        const window = (live.periodSeconds ?? 10) * (live.failureThreshold ?? 3);
        if (!(window > drain)) fail(`liveness failure window ${window}s is not longer than the ${drain}s drain`);
      }
    });
  },

  noSecretObjects(objs) {
    return objs
      .filter((o) => o.kind === 'Secret' || o.kind === 'SealedSecret')
      .map((o) => `${objectId(o)}: Secrets must be created with kubectl, not committed`);
  },

  downstreamTargetsUseHeadlessServices(objs) {
    const d = byName(objs, 'Deployment', 'govmetrics-reporting');
    if (!d) return ['no govmetrics-reporting Deployment'];
    const parsed = flagsOf(objs, d);
    if (!parsed) return ['reporting has no flagfile'];
    return [['index_target', 'govmetrics-index'], ['modeling_target', 'govmetrics-modeling']]
      .flatMap(([flag, svc]) => headlessTargetProblems(objs, `reporting --${flag}`, parsed.flags.get(flag), svc));
  },

  // The gateway names a headless Service for every area it forwards to (round_robin over
  // the pods, as reporting does), and nothing it would not be allowed to reach.
  gatewayBackendsUseHeadlessServices(objs) {
    const d = byName(objs, 'Deployment', 'govmetrics-gateway');
    if (!d) return ['no govmetrics-gateway Deployment'];
    const parsed = flagsOf(objs, d);
    if (!parsed) return ['the gateway has no flagfile'];
    const entries = new Map(String(parsed.flags.get('backends') ?? '').split(',').filter(Boolean)
      .map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
    const out = [...entries.keys()].filter((k) => !GATEWAY_BACKENDS[k]).map((k) => `gateway --backends has unknown key ${k}`);
    for (const [key, svc] of Object.entries(GATEWAY_BACKENDS)) {
      out.push(...headlessTargetProblems(objs, `gateway --backends ${key}`, entries.get(key), svc));
    }
    return out;
  },

  // The gateway's egress (reachableFrom() below): the API port of each service, cluster
  // DNS, and nothing else (admin and metrics ports, the database, the internet).
  gatewayEgress(objs) {
    const out = [];
    const gateway = 'govmetrics-gateway';
    for (const [app, contract] of Object.entries(GRPC_SERVICES)) {
      if (!egressAllowed(objs, gateway, { app }, contract.apiPort)) out.push(`the gateway cannot reach ${app} port ${contract.apiPort}`);
      for (const port of [ADMIN_PORT, METRICS_PORT]) {
        if (egressAllowed(objs, gateway, { app }, port)) out.push(`the gateway reaches ${app} port ${port}`);
      }
    }
    const dns = { namespaceLabels: nsLabels('kube-system'), podLabels: { 'k8s-app': 'kube-dns' } };
    for (const protocol of ['UDP', 'TCP']) {
      if (!egressAllowed(objs, gateway, dns, 53, protocol)) out.push(`the gateway cannot reach cluster DNS over ${protocol}`);
    }
    const elsewhere = [
      ['a pod in another namespace', { namespaceLabels: nsLabels('elsewhere'), podLabels: { app: 'x' } }, 443],
      ['DNS-like pods outside kube-system', { namespaceLabels: nsLabels('elsewhere'), podLabels: { 'k8s-app': 'kube-dns' } }, 53],
      ['a stray pod beside the services', { sameNamespace: true, podLabels: { app: 'debug' } }, 8080],
      ['the database', { sameNamespace: true, podLabels: { [NAME_LABEL]: 'govmetrics-postgres' } }, 5432],
      ['an address outside the cluster', { ip: '203.0.113.7' }, 443],
    ];
    for (const [what, dest, port] of elsewhere) {
      if (egressAllowed(objs, gateway, dest, port)) out.push(`the gateway reaches ${what} on port ${port}`);
    }
    return out;
  },

  // Who can open a connection to which port, evaluated from the rendered NetworkPolicies
  // for representative clients (reachable() below): agency namespaces reach the three API
  // ports, reporting reaches index and modeling, monitoring reaches admin and metrics
  // only, and nobody else (another namespace, a stray pod beside the services) reaches
  // anything.
  networkPolicies(objs) {
    const out = [];
    const nps = ofKind(objs, 'NetworkPolicy');
    const denyAll = nps.find((np) => Object.keys(np.spec.podSelector || {}).length === 0
      && (np.spec.policyTypes || []).includes('Ingress') && !(np.spec.ingress?.length));
    if (!denyAll) out.push('no default-deny ingress NetworkPolicy (podSelector {} and no ingress rules)');
    const clients = {
      'an agency pod': { namespaceLabels: { ...nsLabels('agency-x'), 'govmetrics.io/agency': 'true' }, podLabels: { app: 'client' } },
      'a pod in an unlabelled namespace': { namespaceLabels: nsLabels('elsewhere'), podLabels: { app: 'client' } },
      'a monitoring pod': { namespaceLabels: nsLabels('monitoring'), podLabels: { app: 'prometheus' } },
      'a stray pod beside the services': { sameNamespace: true, podLabels: { app: 'debug' } },
    };
    for (const name of Object.keys(SERVICES)) {
      clients[`a ${name} pod`] = { sameNamespace: true, podLabels: podLabelsOf(byName(objs, 'Deployment', name)) };
    }
    const want = (client, app, port) => {
      if (port === ADMIN_PORT || port === METRICS_PORT) return client === 'a monitoring pod';
      if (client === 'an agency pod') return true;
      return INTERNAL_CALLERS[app].some((caller) => client === `a ${caller} pod`);
    };
    for (const [app, contract] of Object.entries(SERVICES)) {
      for (const port of [contract.apiPort, ADMIN_PORT, METRICS_PORT]) {
        for (const [client, peer] of Object.entries(clients)) {
          const got = reachable(objs, peer, app, port);
          if (got !== want(client, app, port)) {
            out.push(`${client} ${got ? 'reaches' : 'cannot reach'} ${app} port ${port}`);
          }
        }
      }
    }
    return out;
  },

  commonLabels(objs) {
    const out = [];
    for (const o of objs) {
      const labels = o.metadata?.labels || {};
      if (o.kind !== 'Namespace' && labels['app.kubernetes.io/part-of'] !== 'govmetrics') {
        out.push(`${objectId(o)}: missing app.kubernetes.io/part-of=govmetrics`);
      }
      if (o.kind === 'Deployment') {
        const pl = o.spec.template.metadata?.labels || {};
        if (pl['app.kubernetes.io/part-of'] !== 'govmetrics') out.push(`${objectId(o)}: pods lack part-of label`);
        if (pl[NAME_LABEL] !== o.metadata.name) out.push(`${objectId(o)}: pods lack ${NAME_LABEL}`);
      }
      if (['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ServiceAccount'].includes(o.kind)
        && !labels[NAME_LABEL]) {
        out.push(`${objectId(o)}: missing ${NAME_LABEL}`);
      }
    }
    return out;
  },

  hpaOwnsReplicas(objs) {
    const out = [];
    for (const h of ofKind(objs, 'HorizontalPodAutoscaler')) {
      const d = byName(objs, 'Deployment', h.spec.scaleTargetRef.name);
      if (d && d.spec.replicas !== undefined) out.push(`${objectId(d)}: sets replicas although ${objectId(h)} scales it (apply would reset the count)`);
      if (!(h.spec.minReplicas >= 1 && h.spec.maxReplicas >= h.spec.minReplicas)) out.push(`${objectId(h)}: bad replica range`);
      const cpu = (h.spec.metrics || []).find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
      if (!cpu || cpu.resource.target.type !== 'Utilization') out.push(`${objectId(h)}: does not scale on CPU utilisation`);
    }
    for (const d of ofKind(objs, 'Deployment')) {
      const h = ofKind(objs, 'HorizontalPodAutoscaler').find((x) => x.spec.scaleTargetRef.name === d.metadata.name);
      if (!h && d.spec.replicas === undefined) out.push(`${objectId(d)}: neither replicas nor an HPA`);
    }
    return out;
  },

  pinnedImages(objs) {
    return forEachDeployment(objs, (d, contract, fail) => {
      for (const c of d.spec.template.spec.containers) {
        const tag = c.image.includes('@') ? 'digest' : c.image.split('/').pop().split(':')[1];
        if (!tag || tag === 'latest') fail(`image ${c.image} is not pinned to a tag or digest`);
      }
    });
  },
};

// Checks that only make sense for a deployable overlay (the base names a placeholder image).
export const OVERLAY_ONLY = new Set(['pinnedImages']);

// ---- overlay-specific expectations ------------------------------------------------------

// Every file a flag names must be inside a volume mounted into the container; `secret`
// restricts that volume to a Secret (TLS material and tokens never come from the image).
const nsLabels = (name) => ({ 'kubernetes.io/metadata.name': name });
const podLabelsOf = (deployment) => deployment?.spec.template.metadata?.labels || {};

// A label selector (matchLabels only; {} selects everything) against labels.
function selects(selector, labels) {
  if (!selector) return false;
  if (selector.matchExpressions?.length) return false; // not used here; never assume a match
  return Object.entries(selector.matchLabels || {}).every(([k, v]) => labels?.[k] === v);
}

// Whether `client` ({namespaceLabels, podLabels} of a pod elsewhere, or {sameNamespace:
// true, podLabels} of a pod in the services' namespace) may connect to `port` of the pods
// of Deployment `app`, under Kubernetes' NetworkPolicy semantics: a pod selected by no
// Ingress policy accepts everything; otherwise a connection needs one rule of a selecting
// policy whose ports include `port` (no ports: all) and whose peers include the client
// (no from: everyone; podSelector alone: pods of the same namespace; namespaceSelector
// alone: every pod of matching namespaces; both: matching pods in matching namespaces).
export function reachable(objs, client, app, port) {
  const target = podLabelsOf(byName(objs, 'Deployment', app));
  const namespace = ofKind(objs, 'Namespace')[0];
  const ownNamespaceLabels = { ...nsLabels(namespace?.metadata.name || 'default'), ...(namespace?.metadata.labels || {}) };
  const namespaceLabels = client.sameNamespace ? ownNamespaceLabels : client.namespaceLabels;
  const peerMatches = (peer) => {
    if (peer.ipBlock) return false;
    const podOk = !peer.podSelector || selects(peer.podSelector, client.podLabels);
    const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels) : client.sameNamespace;
    return podOk && nsOk;
  };
  const selecting = ofKind(objs, 'NetworkPolicy').filter((np) => (np.spec.policyTypes || ['Ingress']).includes('Ingress')
    && selects(np.spec.podSelector || {}, target));
  if (selecting.length === 0) return true;
  return selecting.some((np) => (np.spec.ingress || []).some((rule) => (!rule.ports || rule.ports.some((p) => p.port === port))
    && (!rule.from || rule.from.some(peerMatches))));
}

// Problems with a gRPC target `target` (what: where it is set) that should name the
// headless Service of Deployment `svc`: dns:///NAME[.ns.svc...]:PORT, NAME headless,
// selecting svc's pods, PORT one of its ports.
function headlessTargetProblems(objs, what, target, svc) {
  const want = `dns:///${svc}-headless:${SERVICES[svc].apiPort}`;
  if (!target) return [`${what} is not set (want ${want})`];
  const m = target.match(/^dns:\/\/\/([a-z0-9-]+)(\.[a-z0-9.-]+)?:(\d+)$/);
  if (!m) return [`${what}=${target} is not a dns:/// target (no client-side round_robin), want ${want}`];
  const out = [];
  const headless = byName(objs, 'Service', m[1]);
  if (!headless || headless.spec.clusterIP !== 'None') out.push(`${what} names ${m[1]}, which is not a headless Service`);
  else if (!headless.spec.ports.some((p) => p.port === Number(m[3]))) out.push(`${what} port ${m[3]} is not a port of ${m[1]}`);
  if (headless && !labelsMatch(headless.spec.selector, { [NAME_LABEL]: svc })) out.push(`${what}: ${m[1]} does not select ${svc}`);
  if (Number(m[3]) !== SERVICES[svc].apiPort) out.push(`${what} port ${m[3]} is not ${svc}'s API port ${SERVICES[svc].apiPort}`);
  return out;
}

// Whether pods of Deployment `app` may open a connection to `dest` on `port`/`protocol`
// under Kubernetes' egress semantics: a pod selected by no Egress policy may connect
// anywhere; otherwise one rule of a selecting policy must admit the port and the peer.
// dest: {app} (pods of a Deployment in the namespace), {sameNamespace, podLabels},
// {namespaceLabels, podLabels} (elsewhere) or {ip} (outside the cluster).
export function egressAllowed(objs, app, dest, port, protocol = 'TCP') {
  const source = podLabelsOf(byName(objs, 'Deployment', app));
  const namespace = ofKind(objs, 'Namespace')[0];
  const ownNamespaceLabels = { ...nsLabels(namespace?.metadata.name || 'default'), ...(namespace?.metadata.labels || {}) };
  const target = dest.app ? { sameNamespace: true, podLabels: podLabelsOf(byName(objs, 'Deployment', dest.app)) } : dest;
  const peerMatches = (peer) => {
    if (target.ip) return Boolean(peer.ipBlock); // any ipBlock is treated as admitting it
    if (peer.ipBlock) return false;
    const podOk = !peer.podSelector || selects(peer.podSelector, target.podLabels);
    const nsOk = peer.namespaceSelector
      ? selects(peer.namespaceSelector, target.sameNamespace ? ownNamespaceLabels : target.namespaceLabels)
      : Boolean(target.sameNamespace);
    return podOk && nsOk;
  };
  const selecting = ofKind(objs, 'NetworkPolicy').filter((np) => (np.spec.policyTypes || []).includes('Egress')
    && selects(np.spec.podSelector || {}, source));
  if (selecting.length === 0) return true;
  return selecting.some((np) => (np.spec.egress || []).some((rule) => (!rule.ports
    || rule.ports.some((p) => p.port === port && (p.protocol ?? 'TCP') === protocol))
    && (!rule.to || rule.to.some(peerMatches))));
}

export function flagFilesMounted(objs, flagNames, { secret }) {
  return forEachDeployment(objs, (d, contract, fail) => {
    const parsed = flagsOf(objs, d);
    if (!parsed) return;
    const c = d.spec.template.spec.containers[0];
    const volumes = d.spec.template.spec.volumes || [];
    for (const flag of flagNames) {
      const file = parsed.flags.get(flag);
      if (file === undefined) continue;
      const mount = (c.volumeMounts || []).find((m) => file.startsWith(`${m.mountPath}/`));
      if (!mount) {
        fail(`--${flag}=${file} is not inside any volume mount`);
        continue;
      }
      const vol = volumes.find((v) => v.name === mount.name);
      if (secret && !vol?.secret) fail(`--${flag}=${file} is mounted from ${vol ? Object.keys(vol).filter((k) => k !== 'name') : 'nothing'}, not a Secret`);
      const items = vol?.secret?.items;
      const rel = file.slice(mount.mountPath.length + 1);
      if (items && !items.some((i) => i.path === rel)) fail(`--${flag}: Secret ${vol.secret.secretName} projects no ${rel}`);
    }
  });
}

export const TLS_SERVER_FLAGS = ['tls_cert', 'tls_key', 'tls_client_ca'];
export const REPORTING_SECRET_FLAGS = ['auth_tokens_file', 'downstream_tls_cert', 'downstream_tls_key', 'downstream_ca'];
