"""Channels configured like the servers: message limits, keepalive, retries, TLS, tokens.

One definition for the sync and the asyncio clients (docs/clients.md explains each value)."""
from __future__ import annotations

import json
import os
from typing import Sequence

import grpc

from govmetrics_client import _registry

# The servers' default --max_message_mb: a smaller client limit rejects large valid panels
# on the client side, a larger one only moves the refusal to the server.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
# gRPC C++ servers accept a keepalive ping at most every 5 minutes while no data flows.
KEEPALIVE_MS = 5 * 60 * 1000
# UNAVAILABLE retries: 5 attempts, 0.5 s doubling to 5 s (each wait drawn uniformly below
# that bound by gRPC).
RETRY_POLICY = {"maxAttempts": 5, "initialBackoff": "0.5s", "maxBackoff": "5s",
                "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]}


def retry_service_config() -> str:
    """gRPC service config retrying UNAVAILABLE on every retryable method (_registry)."""
    names = [{"service": s.full_name, "method": m.name}
             for s in _registry.discover() for m in s.methods if m.retryable]
    return json.dumps({"methodConfig": [{"name": names, "retryPolicy": RETRY_POLICY}]})


def channel_options(retry: bool = True, extra: Sequence[tuple] = ()) -> list[tuple]:
    options = [("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
               ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
               ("grpc.keepalive_time_ms", KEEPALIVE_MS),
               ("grpc.keepalive_timeout_ms", 20000),
               ("grpc.keepalive_permit_without_calls", 0),
               ("grpc.enable_retries", 1 if retry else 0)]
    if retry:
        options.append(("grpc.service_config", retry_service_config()))
    return options + list(extra)


def _read(material) -> bytes | None:
    """PEM given as bytes, or as a path to a file."""
    if material is None or isinstance(material, bytes):
        return material
    with open(os.fspath(material), "rb") as f:
        return f.read()


def channel_credentials(ca=None, cert=None, key=None, token: str | None = None) -> grpc.ChannelCredentials:
    """TLS trusting `ca` (system roots when None); with `cert` and `key` also mutual TLS;
    with `token` also `authorization: Bearer TOKEN` on every call."""
    if (cert is None) != (key is None):
        raise ValueError("mutual TLS needs both cert and key")
    tls = grpc.ssl_channel_credentials(root_certificates=_read(ca), private_key=_read(key),
                                       certificate_chain=_read(cert))
    if token:
        return grpc.composite_channel_credentials(tls, grpc.access_token_call_credentials(token))
    return tls


def token_metadata(token: str) -> tuple:
    """`authorization: Bearer TOKEN` as call metadata (for plaintext channels)."""
    return (("authorization", f"Bearer {token}"),)


def make_channel(grpc_module, target: str, *, tls: bool, ca=None, cert=None, key=None,
                 token: str | None = None, retry: bool = True, options: Sequence[tuple] = ()):
    """A channel from `grpc` or `grpc.aio` (same signatures)."""
    opts = channel_options(retry, options)
    if tls or ca is not None or cert is not None:
        return grpc_module.secure_channel(target, channel_credentials(ca, cert, key, token), options=opts)
    return grpc_module.insecure_channel(target, options=opts)
