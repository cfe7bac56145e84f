"""grpc.health.v1 Check, spoken directly: Debian packages no grpc_health module, and a
generated `grpc` package would shadow grpcio. HealthCheckRequest {string service = 1;}
HealthCheckResponse {ServingStatus status = 1;}."""
from __future__ import annotations

import grpc

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
