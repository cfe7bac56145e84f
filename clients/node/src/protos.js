'use strict';
// The contracts, loaded at run time from the .proto files shipped inside the package
// (proto/, copied from the repository by `npm run build`), and every service found in them.
// Client classes are built from this list (clients.js), so a service or RPC added to the
// contracts is wrapped with no hand-written code.

const fs = require('node:fs');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

// The package's own copy first; in a source checkout before `npm run build`, the repository's.
const DEFAULT_PROTO_DIR = process.env.GOVMETRICS_PROTO_DIR || [
  path.resolve(__dirname, '..', 'proto'),
  path.resolve(__dirname, '..', '..', '..', 'proto'),
].find((dir) => fs.existsSync(path.join(dir, 'govmetrics')));

const LOADER_OPTIONS = {
  keepCase: true,   // panel.columns[0].values, not camelCase: matches the docs and errors
  longs: String,    // uint64 seeds do not fit a JS number
  enums: String,
  defaults: true,   // zero values present in responses (0 dropped rows, not undefined)
  oneofs: true,
};

// Calls that may safely run twice, so UNAVAILABLE is retried: methods whose contract says
// so (`idempotency_level`), every method of the stateless compute services (each a pure
// function of its request), and AIP-131/132 standard reads.
const STATELESS_PACKAGES = ['govmetrics.index.v1', 'govmetrics.modeling.v1', 'govmetrics.reporting.v1'];
const READ_PREFIXES = ['Get', 'List'];
const SAFE_LEVELS = ['NO_SIDE_EFFECTS', 'IDEMPOTENT'];

function protoFiles(dir, prefix = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), {withFileTypes: true})) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...protoFiles(dir, rel));
    else if (entry.name.endsWith('.proto')) out.push(rel);
  }
  return out.sort();
}

function isRetryable(packageName, rpc, method) {
  const level = method.options && method.options.idempotency_level;
  return SAFE_LEVELS.includes(level) || STATELESS_PACKAGES.includes(packageName) ||
      READ_PREFIXES.some((prefix) => rpc.startsWith(prefix));
}

// IndexService -> IndexClient; Operations -> OperationsClient.
function clientName(serviceName) {
  return `${serviceName.replace(/Service$/, '')}Client`;
}

// ComputeIndex -> computeIndex.
function methodName(rpcName) {
  return rpcName[0].toLowerCase() + rpcName.slice(1);
}

function describeService(fullName, definition) {
  const packageName = fullName.slice(0, fullName.lastIndexOf('.'));
  const methods = Object.entries(definition).map(([rpc, m]) => ({
    rpc,
    name: methodName(rpc),
    path: m.path,
    serverStreaming: m.responseStream,
    clientStreaming: m.requestStream,
    retryable: isRetryable(packageName, rpc, m),
  }));
  return {fullName, clientName: clientName(fullName.slice(packageName.length + 1)), methods, definition};
}

const cache = new Map();

// {services: [...], root: protobufjs Root (messages, for errors and types)} for protoDir.
function loadContracts(protoDir = DEFAULT_PROTO_DIR) {
  if (!protoDir) throw new Error('govmetrics: no proto directory (run `npm run build`, or set GOVMETRICS_PROTO_DIR)');
  if (!cache.has(protoDir)) {
    const files = protoFiles(protoDir);
    const packageDefinition = protoLoader.loadSync(files, {...LOADER_OPTIONS, includeDirs: [protoDir]});
    const services = Object.entries(packageDefinition)
        .filter(([, d]) => typeof d === 'object' && !d.format && Object.values(d).every((m) => m && m.path))
        .map(([name, d]) => describeService(name, d))
        .sort((a, b) => a.fullName.localeCompare(b.fullName));
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => path.join(protoDir, target);
    root.loadSync(files, {keepCase: true});
    root.resolveAll();
    cache.set(protoDir, {services, root, protoDir, grpcObject: grpc.loadPackageDefinition(packageDefinition)});
  }
  return cache.get(protoDir);
}

module.exports = {DEFAULT_PROTO_DIR, STATELESS_PACKAGES, clientName, loadContracts, methodName, protoFiles};
