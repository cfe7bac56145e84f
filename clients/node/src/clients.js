'use strict';
// Client classes built from the service descriptors (protos.js): one class per service, one
// method per RPC (lowerCamelCase). A unary method returns a Promise; a server-streaming
// method returns the call, an async iterable of responses (errors become GovmetricsError).
//
//   const index = new IndexClient('127.0.0.1:50051', {ca: 'ca.crt', cert: 'client.crt',
//       key: 'client.key', token, deadlineSeconds: 30});
//   const response = await index.computeIndex(request);
//   for await (const event of reporting.streamStudy(request)) { ... }

const grpc = require('@grpc/grpc-js');
const {channelOptions, resolveCredentials} = require('./channel');
const {toGovmetricsError} = require('./errors');
const {loadContracts} = require('./protos');

const DEFAULT_DEADLINE_SECONDS = 60;

class ClientBase {
  // options: {ca, cert, key, tls, credentials, token, insecureToken, deadlineSeconds, retry,
  //   maxMessageBytes, keepaliveMs, channelOptions, protoDir}
  constructor(target, options = {}) {
    const contracts = loadContracts(options.protoDir);
    const {credentials, metadata} = resolveCredentials(options);
    const Stub = grpc.makeGenericClientConstructor(this.constructor.service.definition, this.constructor.service.fullName);
    this.stub = new Stub(target, credentials, channelOptions(contracts.services, options));
    this.protoDir = options.protoDir;
    this.deadlineSeconds = options.deadlineSeconds === undefined ? DEFAULT_DEADLINE_SECONDS : options.deadlineSeconds;
    this.metadata = metadata;
  }

  // [metadata, callOptions] of one call: {deadlineSeconds, metadata} override the client's.
  callArguments({deadlineSeconds = this.deadlineSeconds, metadata} = {}) {
    const md = metadata ? metadata.clone() : new grpc.Metadata();
    if (this.metadata) md.merge(this.metadata);
    const callOptions = deadlineSeconds === null || deadlineSeconds === Infinity ? {}
      : {deadline: new Date(Date.now() + deadlineSeconds * 1000)};
    return [md, callOptions];
  }

  close() {
    this.stub.close();
  }
}

function unaryMethod(method) {
  return function call(request = {}, options = {}) {
    const [metadata, callOptions] = this.callArguments(options);
    return new Promise((resolve, reject) => {
      this.stub[method.rpc](request, metadata, callOptions, (error, response) => {
        if (error) reject(toGovmetricsError(error, this.protoDir));
        else resolve(response);
      });
    });
  };
}

// A grpc-js stream whose errors are GovmetricsError, both for 'error' listeners and for
// `for await` (which rethrows the stream's error).
function mapStreamErrors(stream, protoDir) {
  const emit = stream.emit.bind(stream);
  stream.emit = (event, ...args) => (event === 'error'
    ? emit('error', toGovmetricsError(args[0], protoDir)) : emit(event, ...args));
  return stream;
}

// Server streaming: the readable stream of responses.
function serverStreamingMethod(method) {
  return function call(request = {}, options = {}) {
    const [metadata, callOptions] = this.callArguments(options);
    return mapStreamErrors(this.stub[method.rpc](request, metadata, callOptions), this.protoDir);
  };
}

// Client streaming (e.g. uploads in chunks): the writable stream, with `.response`, a
// Promise of the single response.
function clientStreamingMethod(method) {
  return function call(options = {}) {
    const [metadata, callOptions] = this.callArguments(options);
    let settle;
    const response = new Promise((resolve, reject) => { settle = {resolve, reject}; });
    const stream = this.stub[method.rpc](metadata, callOptions, (error, result) => {
      if (error) settle.reject(toGovmetricsError(error, this.protoDir));
      else settle.resolve(result);
    });
    stream.response = response;
    return stream;
  };
}

// Bidirectional streaming: the duplex stream.
function bidiStreamingMethod(method) {
  return function call(options = {}) {
    const [metadata, callOptions] = this.callArguments(options);
    return mapStreamErrors(this.stub[method.rpc](metadata, callOptions), this.protoDir);
  };
}

function methodFunction(method) {
  if (method.clientStreaming) return method.serverStreaming ? bidiStreamingMethod(method) : clientStreamingMethod(method);
  return method.serverStreaming ? serverStreamingMethod(method) : unaryMethod(method);
}

// {IndexClient: class, ...} for every service of the contracts in protoDir.
function buildClientClasses(protoDir) {
  const classes = {};
  for (const service of loadContracts(protoDir).services) {
    const Client = class extends ClientBase {};
    Object.defineProperty(Client, 'name', {value: service.clientName});
    Client.service = service;
    for (const method of service.methods) Client.prototype[method.name] = methodFunction(method);
    classes[service.clientName] = Client;
  }
  return classes;
}

module.exports = {ClientBase, DEFAULT_DEADLINE_SECONDS, buildClientClasses};
