'use strict';
// Channel settings shared by every client: message limits and keepalive like the servers,
// UNAVAILABLE retries through the gRPC service config, TLS / mTLS, bearer tokens.

const fs = require('node:fs');
const grpc = require('@grpc/grpc-js');

// The servers' default --max_message_mb: a lower client limit refuses large valid panels on
// the client side, a higher one only delays the server's refusal.
const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
// gRPC C++ servers answer pings more frequent than every 5 minutes (while no data flows)
// with GOAWAY "too_many_pings"; a long model fit sends nothing for a while.
const DEFAULT_KEEPALIVE_MS = 5 * 60 * 1000;
// 5 attempts, 0.5 s doubling to 5 s (each wait drawn uniformly below that bound by gRPC).
const RETRY_POLICY = {
  maxAttempts: 5, initialBackoff: '0.5s', maxBackoff: '5s', backoffMultiplier: 2,
  retryableStatusCodes: ['UNAVAILABLE'],
};

// Service config retrying UNAVAILABLE on every retryable method of `services`.
function retryServiceConfig(services) {
  const name = services.flatMap((s) => s.methods.filter((m) => m.retryable)
      .map((m) => ({service: s.fullName, method: m.rpc})));
  return JSON.stringify({methodConfig: [{name, retryPolicy: RETRY_POLICY}]});
}

function channelOptions(services, {maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES, keepaliveMs = DEFAULT_KEEPALIVE_MS,
  retry = true, channelOptions: extra = {}} = {}) {
  return {
    'grpc.max_send_message_length': maxMessageBytes,
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.keepalive_time_ms': keepaliveMs,
    'grpc.keepalive_timeout_ms': 20000,
    'grpc.keepalive_permit_without_calls': 0,
    'grpc.enable_retries': retry ? 1 : 0,
    ...(retry ? {'grpc.service_config': retryServiceConfig(services)} : {}),
    ...extra,
  };
}

// PEM given as a Buffer or string of PEM text, or as a file path.
function pem(material) {
  if (material === undefined || material === null) return null;
  if (Buffer.isBuffer(material)) return material;
  return String(material).includes('-----BEGIN') ? Buffer.from(material) : fs.readFileSync(material);
}

// `authorization: Bearer TOKEN` as call metadata (works on any channel).
function tokenMetadata(token, metadata = new grpc.Metadata()) {
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

// `authorization: Bearer TOKEN` as call credentials (grpc-js sends them on TLS channels only).
function bearerCallCredentials(token) {
  return grpc.credentials.createFromMetadataGenerator((_params, callback) => callback(null, tokenMetadata(token)));
}

// Channel credentials from {tls, ca, cert, key, token, insecureToken, credentials}; returns
// {credentials, metadata}: metadata to add to every call (a token on plaintext, if allowed).
function resolveCredentials({credentials, tls = false, ca, cert, key, token, insecureToken = false} = {}) {
  const secure = Boolean(credentials) || tls || ca !== undefined || cert !== undefined;
  if ((cert === undefined) !== (key === undefined)) throw new Error('mutual TLS needs both cert and key');
  let creds = credentials || (secure ? grpc.credentials.createSsl(pem(ca), pem(key), pem(cert))
    : grpc.credentials.createInsecure());
  if (!token) return {credentials: creds, metadata: null};
  if (secure) {
    creds = grpc.credentials.combineChannelCredentials(creds, bearerCallCredentials(token));
    return {credentials: creds, metadata: null};
  }
  if (!insecureToken) {
    throw new Error('a bearer token over plaintext needs {insecureToken: true} (loopback testing only); pass ca for TLS');
  }
  return {credentials: creds, metadata: tokenMetadata(token)};
}

module.exports = {
  DEFAULT_KEEPALIVE_MS, DEFAULT_MAX_MESSAGE_BYTES, RETRY_POLICY, bearerCallCredentials, channelOptions,
  resolveCredentials, retryServiceConfig, tokenMetadata,
};
