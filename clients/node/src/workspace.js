'use strict';
// The workspace's two multi-message patterns, written once: a panel uploaded as a stream of
// row chunks (CreateDataset), and the result of a finished long-running operation (an Any
// holding, for a study, the RunStudyResponse).

const grpc = require('@grpc/grpc-js');
const {GovmetricsError} = require('./errors');
const {panelChunks} = require('./panels');
const {loadContracts} = require('./protos');

// Rows per CreateDataset message: with ~10 numeric columns a chunk stays well under the
// default 4 MiB message limit, and the server holds one chunk at a time.
const DEFAULT_ROWS_PER_CHUNK = 50000;

// Waits until the stream can take more (backpressure), so a large panel is not buffered
// whole in memory before it is sent.
function writeChunk(stream, message) {
  return stream.write(message) ? Promise.resolve() : new Promise((resolve) => stream.once('drain', resolve));
}

// Uploads `panel` to the workspace as one dataset; resolves to the CreateDatasetResponse
// ({dataset: {name, fingerprint, row_count, ...}}). The upload is all-or-nothing on the
// server: a failed or cut stream stores nothing.
async function uploadPanel(workspace, panel, {displayName = '', rowsPerChunk = DEFAULT_ROWS_PER_CHUNK, ...options} = {}) {
  const stream = workspace.createDataset(options);
  stream.on('error', () => {});  // the failure is reported through stream.response
  let first = true;
  for (const chunk of panelChunks(panel, rowsPerChunk)) {
    await writeChunk(stream, {display_name: first ? displayName : '', chunk});
    first = false;
  }
  stream.end();
  return stream.response;
}

// The response of a finished operation, decoded as `typeName` (default: the Any's own
// type); a failed operation throws a GovmetricsError with its status; an unfinished one
// throws an Error.
function operationResult(operation, {typeName, protoDir} = {}) {
  if (!operation.done) throw new Error(`operation ${operation.name} has not finished`);
  if (operation.error) {
    const {code, message} = operation.error;
    throw new GovmetricsError({code, details: `${operation.name}: ${message}`, metadata: new grpc.Metadata()});
  }
  const any = operation.response;
  const type = loadContracts(protoDir).root.lookupType(typeName || any.type_url.slice(any.type_url.lastIndexOf('/') + 1));
  return type.toObject(type.decode(any.value), {longs: String, enums: String, defaults: true, oneofs: true});
}

module.exports = {DEFAULT_ROWS_PER_CHUNK, operationResult, uploadPanel};
