'use strict';
// gRPC failures as one Error type carrying the decoded google.rpc details. The services put
// a serialized google.rpc.Status in the `grpc-status-details-bin` trailer: INVALID_ARGUMENT
// with BadRequest field violations, RESOURCE_EXHAUSTED with QuotaFailure, FAILED_PRECONDITION
// with PreconditionFailure.

const grpc = require('@grpc/grpc-js');
const {loadContracts} = require('./protos');

const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

class GovmetricsError extends Error {
  constructor(cause, details = {}) {
    const codeName = Object.keys(grpc.status).find((k) => grpc.status[k] === cause.code) || 'UNKNOWN';
    super(`${codeName}: ${cause.details || cause.message}`);
    this.name = 'GovmetricsError';
    this.code = cause.code;           // grpc.status.INVALID_ARGUMENT, ...
    this.codeName = codeName;         // 'INVALID_ARGUMENT'
    this.details = cause.details || cause.message;
    this.metadata = cause.metadata;
    this.cause = cause;
    this.fieldViolations = details.fieldViolations || [];             // [{field, description}]
    this.quotaViolations = details.quotaViolations || [];             // [{subject, description}]
    this.preconditionViolations = details.preconditionViolations || []; // [{type, subject, description}]
  }

  // Code, message and one line per violation.
  toString() {
    return [this.message,
      ...this.fieldViolations.map((v) => `  ${v.field}: ${v.description}`),
      ...this.quotaViolations.map((v) => `  quota ${v.subject}: ${v.description}`),
      ...this.preconditionViolations.map((v) => `  precondition ${v.type} ${v.subject}: ${v.description}`),
    ].join('\n');
  }
}

const DETAIL_TYPES = {
  'google.rpc.BadRequest': (m) => ({fieldViolations: m.field_violations.map(({field, description}) => ({field, description}))}),
  'google.rpc.QuotaFailure': (m) => ({quotaViolations: m.violations.map(({subject, description}) => ({subject, description}))}),
  'google.rpc.PreconditionFailure': (m) => ({
    preconditionViolations: m.violations.map(({type, subject, description}) => ({type, subject, description}))}),
};

// {fieldViolations, quotaViolations, preconditionViolations} of a grpc-js error.
function decodeDetails(error, protoDir) {
  const {root} = loadContracts(protoDir);
  const Status = root.lookupType('google.rpc.Status');
  const out = {fieldViolations: [], quotaViolations: [], preconditionViolations: []};
  const blobs = (error && error.metadata && error.metadata.get) ? error.metadata.get(STATUS_DETAILS_KEY) : [];
  for (const blob of blobs) {
    for (const any of Status.decode(blob).details) {
      const typeName = any.type_url.slice(any.type_url.lastIndexOf('/') + 1);
      if (!DETAIL_TYPES[typeName]) continue;
      const decoded = DETAIL_TYPES[typeName](root.lookupType(typeName).decode(any.value));
      for (const [key, list] of Object.entries(decoded)) out[key].push(...list);
    }
  }
  return out;
}

// Wraps an error of a grpc-js call (idempotent for a GovmetricsError).
function toGovmetricsError(error, protoDir) {
  if (error instanceof GovmetricsError || error.code === undefined) return error;
  return new GovmetricsError(error, decodeDetails(error, protoDir));
}

// [{field, description}] of any grpc-js error's BadRequest detail.
function fieldViolations(error, protoDir) {
  return toGovmetricsError(error, protoDir).fieldViolations || [];
}

module.exports = {GovmetricsError, STATUS_DETAILS_KEY, decodeDetails, fieldViolations, toGovmetricsError};
