'use strict';
// Node.js client for the govmetrics services.
//
// The .proto contracts are loaded at run time (no generated code): @grpc/proto-loader for the
// service stubs, protobufjs for decoding google.rpc error details. Field names keep the
// proto spelling (snake_case) so requests read the same as in every other language, and
// enums are strings ('DIRECTION_POSITIVE').
//
//   const gm = require('@govmetrics/client');
//   const index = gm.createIndexClient('127.0.0.1:50051');
//   const response = await gm.unary(index, 'ComputeIndex', request, { deadlineSeconds: 30 });

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

// The server's default --max_message_mb is 64: a client limit lower than the server's turns
// a large (valid) panel into RESOURCE_EXHAUSTED on the client side, a higher one only delays
// the server's refusal. Match the server.
const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

// gRPC C++ servers answer client pings more frequent than every 5 minutes (while no data
// flows) with GOAWAY "too_many_pings"; a long model fit sends no data for a while, so the
// keepalive period must not be shorter than that unless the server is configured for it.
const DEFAULT_KEEPALIVE_MS = 5 * 60 * 1000;

const DEFAULT_PROTO_DIR = process.env.GOVMETRICS_PROTO_DIR ||
    path.resolve(__dirname, '..', '..', '..', 'proto');

const LOADER_OPTIONS = {
  keepCase: true,   // panel.columns[0].values, not camelCase: matches the docs and errors
  longs: String,    // uint64 seeds do not fit a JS number
  enums: String,
  defaults: true,   // zero values present in responses (0 dropped rows, not undefined)
  oneofs: true,
};

const SERVICE_FILES = [
  'govmetrics/index/v1/index_service.proto',
  'govmetrics/modeling/v1/modeling_service.proto',
];

const cache = new Map();

// Loads the service definitions from protoDir (default: the repository's proto/).
function loadServices(protoDir = DEFAULT_PROTO_DIR) {
  if (!cache.has(protoDir)) {
    const definition = protoLoader.loadSync(SERVICE_FILES, {...LOADER_OPTIONS, includeDirs: [protoDir]});
    const loaded = grpc.loadPackageDefinition(definition);
    const errorRoot = new protobuf.Root();
    errorRoot.resolvePath = (_origin, target) => path.join(protoDir, target);
    errorRoot.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], {keepCase: true});
    cache.set(protoDir, {
      IndexService: loaded.govmetrics.index.v1.IndexService,
      ModelingService: loaded.govmetrics.modeling.v1.ModelingService,
      Status: errorRoot.lookupType('google.rpc.Status'),
      BadRequest: errorRoot.lookupType('google.rpc.BadRequest'),
      definition,
    });
  }
  return cache.get(protoDir);
}

// Channel options shared by both clients.
function channelOptions({maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES, keepaliveMs = DEFAULT_KEEPALIVE_MS} = {}) {
  return {
    'grpc.max_send_message_length': maxMessageBytes,
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.keepalive_time_ms': keepaliveMs,
    'grpc.keepalive_timeout_ms': 20000,
    'grpc.keepalive_permit_without_calls': 0,
  };
}

// credentials: grpc.credentials.createInsecure() (default) or createSsl(ca, key, cert) for
// TLS / mTLS. token: adds `authorization: Bearer TOKEN` to every call; grpc-js only attaches
// call credentials to secure channels, so on a plaintext channel pass tokenMetadata(token)
// per call instead.
function makeClient(Service, target, {credentials, token, protoDir, ...options} = {}) {
  let creds = credentials || grpc.credentials.createInsecure();
  if (token) {
    if (!credentials) {
      throw new Error('token needs TLS credentials; on plaintext use tokenMetadata(token) per call');
    }
    creds = grpc.credentials.combineChannelCredentials(creds, bearerCallCredentials(token));
  }
  return new Service(target, creds, channelOptions(options));
}

function createIndexClient(target, options = {}) {
  return makeClient(loadServices(options.protoDir).IndexService, target, options);
}

function createModelingClient(target, options = {}) {
  return makeClient(loadServices(options.protoDir).ModelingService, target, options);
}

// `authorization: Bearer TOKEN` as per-call metadata (works on any channel).
function tokenMetadata(token, metadata = new grpc.Metadata()) {
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

// `authorization: Bearer TOKEN` as call credentials (secure channels only).
function bearerCallCredentials(token) {
  return grpc.credentials.createFromMetadataGenerator((_params, callback) => {
    callback(null, tokenMetadata(token));
  });
}

// Promise wrapper for a unary call with a deadline.
function unary(client, method, request, {deadlineSeconds = 60, metadata = new grpc.Metadata()} = {}) {
  const deadline = new Date(Date.now() + deadlineSeconds * 1000);
  return new Promise((resolve, reject) => {
    client[method](request, metadata, {deadline}, (error, response) => {
      if (error) reject(error);
      else resolve(response);
    });
  });
}

function isMissing(value) {
  return value === null || value === undefined || value === '' ||
      (typeof value === 'number' && Number.isNaN(value));
}

function isNumeric(value) {
  return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' &&
      !Number.isNaN(Number(value)));
}

// Builds a govmetrics.common.v1.Panel from row objects (long format, one per entity-period).
// Numeric fields become `columns` (missing -> NaN), other fields `labels` (missing -> "").
// A field is numeric when every non-missing value is a number or numeric text, unless it is
// named in `labels` (e.g. a region code stored as digits).
function panelFromRows(rows, {entity, period, columns, labels = []} = {}) {
  if (!entity || !period) throw new Error('panelFromRows: give {entity, period} field names');
  const fields = rows.length ? Object.keys(rows[0]).filter((f) => f !== entity && f !== period) : [];
  const labelSet = new Set(labels);
  const numeric = columns || fields.filter((f) => !labelSet.has(f) &&
      rows.every((r) => isMissing(r[f]) || isNumeric(r[f])));
  const numericSet = new Set(numeric);
  const labelFields = fields.filter((f) => !numericSet.has(f));
  return {
    entity: rows.map((r) => String(r[entity])),
    period: rows.map((r) => {
      const p = Number(r[period]);
      if (!Number.isInteger(p)) throw new Error(`panelFromRows: period '${r[period]}' is not an integer`);
      return p;
    }),
    columns: numeric.map((name) => ({
      name,
      values: rows.map((r) => (isMissing(r[name]) ? NaN : Number(r[name]))),
    })),
    labels: labelFields.map((name) => ({
      name,
      values: rows.map((r) => (isMissing(r[name]) ? '' : String(r[name]))),
    })),
  };
}

// Minimal RFC 4180 CSV reader (quoted fields, "" escapes) -> array of row objects.
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      record.push(field); field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field); field = '';
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
    } else {
      field += c;
    }
  }
  if (field !== '' || record.length) { record.push(field); records.push(record); }
  const [header, ...body] = records;
  return body.map((values) => Object.fromEntries(header.map((h, j) => [h, values[j]])));
}

// {field, description} pairs of the google.rpc.BadRequest detail of an INVALID_ARGUMENT
// error (carried in the `grpc-status-details-bin` trailer as a serialized google.rpc.Status).
function fieldViolations(error, protoDir) {
  const {Status, BadRequest} = loadServices(protoDir);
  const out = [];
  const blobs = (error && error.metadata) ? error.metadata.get('grpc-status-details-bin') : [];
  for (const blob of blobs) {
    const status = Status.decode(blob);
    for (const any of status.details) {
      if (!any.type_url.endsWith('/google.rpc.BadRequest')) continue;
      for (const v of BadRequest.decode(any.value).field_violations) {
        out.push({field: v.field, description: v.description});
      }
    }
  }
  return out;
}

module.exports = {
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_KEEPALIVE_MS,
  DEFAULT_PROTO_DIR,
  bearerCallCredentials,
  channelOptions,
  createIndexClient,
  createModelingClient,
  fieldViolations,
  grpc,
  loadServices,
  panelFromRows,
  parseCsv,
  tokenMetadata,
  unary,
};
