"""gRPC failures as one Python exception type carrying the decoded google.rpc details.

The services put a serialized google.rpc.Status in the `grpc-status-details-bin` trailer:
INVALID_ARGUMENT with BadRequest field violations (`panel.columns[1].values[2]: ...`),
RESOURCE_EXHAUSTED with QuotaFailure (a configured limit), FAILED_PRECONDITION with
PreconditionFailure (well-formed but unusable data)."""
from __future__ import annotations

import typing

import grpc

from govmetrics_client.proto.google.rpc import error_details_pb2, status_pb2

STATUS_DETAILS_KEY = "grpc-status-details-bin"


class FieldViolation(typing.NamedTuple):
    field: str          # request path with the row, e.g. "panel.columns[2].values[17]"
    description: str


class QuotaViolation(typing.NamedTuple):
    subject: str        # the limit, e.g. "max_rows"
    description: str


class PreconditionViolation(typing.NamedTuple):
    type: str
    subject: str
    description: str


class GovmetricsError(grpc.RpcError):
    """A failed call. `code()` and `details()` behave as on grpc.RpcError; the decoded
    details are in `field_violations`, `quota_violations` and `precondition_violations`."""

    def __init__(self, code: grpc.StatusCode, message: str, status: status_pb2.Status | None = None,
                 cause: BaseException | None = None):
        super().__init__(code, message)
        self._code, self._message, self.status, self.cause = code, message, status, cause
        self.field_violations: list[FieldViolation] = []
        self.quota_violations: list[QuotaViolation] = []
        self.precondition_violations: list[PreconditionViolation] = []
        for detail in (status.details if status is not None else ()):
            self._add_detail(detail)

    def _add_detail(self, detail) -> None:
        bad, quota, precondition = (error_details_pb2.BadRequest(), error_details_pb2.QuotaFailure(),
                                    error_details_pb2.PreconditionFailure())
        if detail.Unpack(bad):
            self.field_violations += [FieldViolation(v.field, v.description) for v in bad.field_violations]
        elif detail.Unpack(quota):
            self.quota_violations += [QuotaViolation(v.subject, v.description) for v in quota.violations]
        elif detail.Unpack(precondition):
            self.precondition_violations += [PreconditionViolation(v.type, v.subject, v.description)
                                             for v in precondition.violations]

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._message

    def __str__(self) -> str:
        lines = [f"{self._code.name}: {self._message}"]
        lines += [f"  {v.field}: {v.description}" for v in self.field_violations]
        lines += [f"  quota {v.subject}: {v.description}" for v in self.quota_violations]
        lines += [f"  precondition {v.type} {v.subject}: {v.description}"
                  for v in self.precondition_violations]
        return "\n".join(lines)


def status_from_trailers(trailers) -> status_pb2.Status | None:
    for key, value in (trailers or ()):
        if key == STATUS_DETAILS_KEY:
            return status_pb2.Status.FromString(value)
    return None


def from_rpc_error(error: grpc.RpcError) -> GovmetricsError:
    """Wraps an error raised by a grpc (sync or asyncio) call."""
    if isinstance(error, GovmetricsError):
        return error
    code = error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN
    message = error.details() if hasattr(error, "details") else str(error)
    trailers = error.trailing_metadata() if hasattr(error, "trailing_metadata") else None
    return GovmetricsError(code, message or "", status_from_trailers(trailers), cause=error)


def field_violations(error: grpc.RpcError) -> list[FieldViolation]:
    """(field, description) pairs of any grpc.RpcError's BadRequest detail."""
    return from_rpc_error(error).field_violations
