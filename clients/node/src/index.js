'use strict';
// Node.js client for the govmetrics services (CommonJS entry; index.mjs is the ESM one).
//
//   const gm = require('@govmetrics/client');
//   const index = new gm.IndexClient('127.0.0.1:50051', {deadlineSeconds: 30});
//   const panel = gm.readPanelCsv('panel.csv', {entity: 'province', period: 'year'});
//   const response = await index.computeIndex({panel, indicators: [...]});
//
// One class per service (IndexClient, ModelingClient, ReportingClient, ...) and one method per
// RPC, built from the .proto contracts shipped in the package. Messages are plain objects with
// the proto field names (snake_case), enums as strings, 64-bit integers as strings, NaN for a
// missing value; types/index.d.ts (generated) describes them all.

const grpc = require('@grpc/grpc-js');
const channel = require('./channel');
const {ClientBase, DEFAULT_DEADLINE_SECONDS, buildClientClasses} = require('./clients');
const csv = require('./csv');
const errors = require('./errors');
const {fromProtoJson} = require('./json');
const {panelChunks, panelFromRows} = require('./panels');
const {DEFAULT_PROTO_DIR, loadContracts} = require('./protos');
const {runStudyWithProgress} = require('./study');
const workspace = require('./workspace');

module.exports = {
  ...buildClientClasses(),
  ClientBase,
  CsvError: csv.CsvError,
  DEFAULT_DEADLINE_SECONDS,
  DEFAULT_KEEPALIVE_MS: channel.DEFAULT_KEEPALIVE_MS,
  DEFAULT_MAX_MESSAGE_BYTES: channel.DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_PROTO_DIR,
  GovmetricsError: errors.GovmetricsError,
  bearerCallCredentials: channel.bearerCallCredentials,
  buildClientClasses,
  fieldViolations: errors.fieldViolations,
  fromProtoJson,
  grpc,
  loadContracts,
  operationResult: workspace.operationResult,
  panelChunks,
  panelFromCsvText: csv.panelFromCsvText,
  panelFromRows,
  readPanelCsv: csv.readPanelCsv,
  runStudyWithProgress,
  tokenMetadata: channel.tokenMetadata,
  uploadPanel: workspace.uploadPanel,
};
