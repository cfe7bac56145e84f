"""Every gRPC service of the contracts, found at run time in the generated modules.

The client classes (_services.py, _aio_services.py) are built from this list, so a service
or RPC added to proto/ is wrapped after a rebuild with no hand-written code."""
from __future__ import annotations

import dataclasses
import importlib
import pkgutil

from google.protobuf import descriptor_pb2
from google.protobuf import symbol_database

from govmetrics_client import proto as _proto_root
from govmetrics_client._naming import client_class_name, snake_case

# Calls that may safely run twice, so UNAVAILABLE (nothing reached the server, or the
# connection dropped) is retried: (1) methods whose contract says so with the standard
# `idempotency_level` option; (2) every method of the stateless compute services, each of
# which is a pure function of its request (docs/api.md); (3) AIP-131/132 standard reads.
STATELESS_PACKAGES = ("govmetrics.index.v1", "govmetrics.modeling.v1", "govmetrics.reporting.v1")
READ_PREFIXES = ("Get", "List")
_SAFE_LEVELS = (descriptor_pb2.MethodOptions.NO_SIDE_EFFECTS, descriptor_pb2.MethodOptions.IDEMPOTENT)


@dataclasses.dataclass(frozen=True)
class Method:
    name: str            # "ComputeIndex"
    python_name: str     # "compute_index"
    path: str            # "/govmetrics.index.v1.IndexService/ComputeIndex"
    request_type: type
    response_type: type
    server_streaming: bool
    client_streaming: bool
    retryable: bool


@dataclasses.dataclass(frozen=True)
class Service:
    full_name: str       # "govmetrics.index.v1.IndexService"
    client_name: str     # "IndexClient"
    methods: tuple


def is_retryable(service, method) -> bool:
    level = method.GetOptions().idempotency_level
    return (level in _SAFE_LEVELS or service.file.package in STATELESS_PACKAGES
            or method.name.startswith(READ_PREFIXES))


def _message_class(descriptor) -> type:
    return symbol_database.Default().GetSymbol(descriptor.full_name)


def _service(descriptor) -> Service:
    methods = tuple(Method(
        name=m.name, python_name=snake_case(m.name), path=f"/{descriptor.full_name}/{m.name}",
        request_type=_message_class(m.input_type), response_type=_message_class(m.output_type),
        server_streaming=m.server_streaming, client_streaming=m.client_streaming,
        retryable=is_retryable(descriptor, m)) for m in descriptor.methods)
    return Service(descriptor.full_name, client_class_name(descriptor.name), methods)


def _generated_modules():
    for info in pkgutil.walk_packages(_proto_root.__path__, _proto_root.__name__ + "."):
        if info.name.endswith("_pb2"):
            yield importlib.import_module(info.name)


def discover() -> list[Service]:
    """Every service defined in the generated modules, in a stable order."""
    found = {}
    for module in _generated_modules():
        for descriptor in module.DESCRIPTOR.services_by_name.values():
            found[descriptor.full_name] = _service(descriptor)
    return [found[name] for name in sorted(found)]
