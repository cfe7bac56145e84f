"""Python client for the govmetrics services.

Generated stubs live in the package path given by GOVMETRICS_STUBS (or on sys.path);
run ``clients/python/generate_stubs.sh DIR`` once, then add DIR to PYTHONPATH.

    import govmetrics_client as gm
    client = gm.Client("127.0.0.1:50051")
    panel = gm.panel_from_dataframe(df, entity="province", period="year")
    response = client.index.ComputeIndex(gm.index_pb2.ComputeIndexRequest(panel=panel, ...))
"""
from __future__ import annotations

import math
from typing import Iterable, Mapping, Sequence

import grpc

from govmetrics.common.v1 import panel_pb2, provenance_pb2  # noqa: F401  (re-exported)
from govmetrics.index.v1 import index_service_pb2 as index_pb2
from govmetrics.index.v1 import index_service_pb2_grpc as index_grpc
from govmetrics.modeling.v1 import model_spec_pb2 as model_spec_pb2  # noqa: F401
from govmetrics.modeling.v1 import modeling_service_pb2 as modeling_pb2
from govmetrics.modeling.v1 import modeling_service_pb2_grpc as modeling_grpc
from google.rpc import error_details_pb2, status_pb2

__all__ = [
    "Client", "health_check", "panel_from_columns", "panel_from_dataframe", "field_violations",
    "index_pb2", "modeling_pb2", "panel_pb2",
]

MAX_MESSAGE_BYTES = 256 * 1024 * 1024


class Client:
    """Channels and stubs for the services. One target per service."""

    def __init__(self, index_target: str | None = None, modeling_target: str | None = None,
                 *, token: str | None = None, credentials: grpc.ChannelCredentials | None = None):
        options = [("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
                   ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES)]
        self._metadata = (("authorization", f"Bearer {token}"),) if token else ()

        def channel(target: str) -> grpc.Channel:
            if credentials is not None:
                return grpc.secure_channel(target, credentials, options=options)
            return grpc.insecure_channel(target, options=options)

        self.index = index_grpc.IndexServiceStub(channel(index_target)) if index_target else None
        self.modeling = (modeling_grpc.ModelingServiceStub(channel(modeling_target))
                         if modeling_target else None)

    @property
    def metadata(self) -> tuple:
        """Metadata to pass with each call (bearer token, if any)."""
        return self._metadata


def panel_from_columns(entity: Sequence[str], period: Sequence[int],
                       columns: Mapping[str, Iterable[float]] | None = None,
                       labels: Mapping[str, Iterable[str]] | None = None) -> panel_pb2.Panel:
    """Builds a Panel from plain sequences; None becomes NaN (missing)."""
    panel = panel_pb2.Panel(entity=list(entity), period=[int(p) for p in period])
    for name, values in (columns or {}).items():
        panel.columns.add(name=name, values=[math.nan if v is None else float(v) for v in values])
    for name, values in (labels or {}).items():
        panel.labels.add(name=name, values=["" if v is None else str(v) for v in values])
    return panel


def panel_from_dataframe(df, entity: str, period: str) -> panel_pb2.Panel:
    """pandas DataFrame (long format) -> Panel: numeric columns become Columns (NaN =
    missing), everything else Labels."""
    import pandas as pd  # imported lazily: pandas is optional for the rest of the client

    numeric, labels = {}, {}
    for name in df.columns:
        if name in (entity, period):
            continue
        if pd.api.types.is_numeric_dtype(df[name]):
            numeric[name] = df[name].astype(float).tolist()
        else:
            labels[name] = df[name].fillna("").astype(str).tolist()
    return panel_from_columns(df[entity].astype(str).tolist(), df[period].astype(int).tolist(),
                              numeric, labels)


def field_violations(error: grpc.RpcError) -> list[tuple[str, str]]:
    """(field, description) pairs from an INVALID_ARGUMENT error's BadRequest detail."""
    out = []
    for key, value in (error.trailing_metadata() or ()):
        if key != "grpc-status-details-bin":
            continue
        status = status_pb2.Status.FromString(value)
        for detail in status.details:
            bad = error_details_pb2.BadRequest()
            if detail.Unpack(bad):
                out.extend((v.field, v.description) for v in bad.field_violations)
    return out


# grpc.health.v1 wire format, spoken directly (Debian packages no grpc_health module):
# HealthCheckRequest {string service = 1;}  HealthCheckResponse {ServingStatus status = 1;}
_HEALTH_STATUS = {0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN"}


def _encode_health_request(service: str) -> bytes:
    data = service.encode()
    if not data:
        return b""
    length, prefix = len(data), bytearray()
    while True:
        byte = length & 0x7F
        length >>= 7
        prefix.append(byte | (0x80 if length else 0))
        if not length:
            break
    return b"\x0a" + bytes(prefix) + data


def _decode_health_response(data: bytes) -> str:
    if len(data) >= 2 and data[0] == 0x08:
        return _HEALTH_STATUS.get(data[1], "UNKNOWN")
    return "UNKNOWN"


def health_check(channel: grpc.Channel, service: str = "", timeout: float = 2.0) -> str:
    """grpc.health.v1.Health/Check: returns "SERVING", "NOT_SERVING", ... ."""
    call = channel.unary_unary("/grpc.health.v1.Health/Check",
                               request_serializer=_encode_health_request,
                               response_deserializer=_decode_health_response)
    return call(service, timeout=timeout)
