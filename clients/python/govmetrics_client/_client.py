"""Client classes built from the service descriptors (_registry): one class per service,
one method per RPC, for the blocking (grpc) and the asyncio (grpc.aio) APIs.

    index = IndexClient("127.0.0.1:50051", ca="ca.crt", cert="client.crt", key="client.key",
                        token=token)
    response = index.compute_index(request)              # or compute_index(panel=..., ...)
    for event in reporting.stream_study(request): ...    # server streaming: an iterator

A client-streaming method (e.g. an upload in chunks) takes an iterable of requests instead.
Every call has a deadline (the client's `timeout`, 60 s unless set; `timeout=` per call),
UNAVAILABLE is retried for idempotent RPCs (channels.py), and a failure is raised as
errors.GovmetricsError with the google.rpc details decoded."""
from __future__ import annotations

import grpc
import grpc.aio

from govmetrics_client import channels, errors

DEFAULT_TIMEOUT = 60.0
_UNSET = object()


def _serializer(method):
    """The request serializer of a method. A client-streaming method also takes requests
    already serialized (bytes), e.g. dataset_upload.upload_requests' chunks built from
    numpy without a message per row."""
    if not method.client_streaming:
        return method.request_type.SerializeToString

    def serialize(request) -> bytes:
        return request if isinstance(request, bytes) else request.SerializeToString()
    return serialize


class _Base:
    def __init__(self, target: str | None = None, *, channel=None, tls: bool = False, ca=None,
                 cert=None, key=None, token: str | None = None, insecure_token: bool = False,
                 timeout: float | None = DEFAULT_TIMEOUT, retry: bool = True, options=()):
        if (target is None) == (channel is None):
            raise ValueError("give a target (HOST:PORT) or an existing channel")
        secure = tls or ca is not None or cert is not None
        if token and channel is None and not secure and not insecure_token:
            raise ValueError("a bearer token over plaintext needs insecure_token=True "
                             "(loopback testing only); pass ca= for TLS")
        # On a channel made here with TLS the token rides in the channel's call credentials;
        # otherwise (plaintext, or a shared channel=) it is added to every call's metadata.
        self._metadata = channels.token_metadata(token) if token and (channel is not None or not secure) else ()
        self._owns_channel = channel is None
        self.channel = channel or channels.make_channel(
            self._grpc, target, tls=secure, ca=ca, cert=cert, key=key,
            token=token if secure and channel is None else None, retry=retry, options=options)
        self.timeout = timeout
        self._callables = {}
        for m in self._service.methods:
            factory = {(False, False): self.channel.unary_unary, (False, True): self.channel.unary_stream,
                       (True, False): self.channel.stream_unary, (True, True): self.channel.stream_stream}[
                           (m.client_streaming, m.server_streaming)]
            self._callables[m.name] = factory(m.path, request_serializer=_serializer(m),
                                              response_deserializer=m.response_type.FromString)

    def _call_options(self, timeout, metadata, wait_for_ready) -> dict:
        kwargs = {"timeout": self.timeout if timeout is _UNSET else timeout,
                  "metadata": tuple(self._metadata) + tuple(metadata or ())}
        if wait_for_ready is not None:
            kwargs["wait_for_ready"] = wait_for_ready
        return kwargs

    def _call_arguments(self, method, request, fields, timeout, metadata, wait_for_ready):
        """(request or request iterator, call options) of one call."""
        if method.client_streaming:
            if fields:
                raise TypeError(f"{method.python_name}: takes an iterable of requests, not fields")
            return request, self._call_options(timeout, metadata, wait_for_ready)
        if request is None:
            request = method.request_type(**fields)
        elif fields:
            raise TypeError(f"{method.python_name}: give a request or fields, not both")
        elif not isinstance(request, method.request_type):
            raise TypeError(f"{method.python_name}: expected {method.request_type.DESCRIPTOR.full_name}")
        return request, self._call_options(timeout, metadata, wait_for_ready)


class ClientBase(_Base):
    """Blocking client over a grpc.Channel."""
    _grpc = grpc

    def close(self) -> None:
        if self._owns_channel:
            self.channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class AioClientBase(_Base):
    """asyncio client over a grpc.aio.Channel (create it inside the running event loop)."""
    _grpc = grpc.aio

    async def close(self) -> None:
        if self._owns_channel:
            await self.channel.close()

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()


class Stream:
    """The responses of a server-streaming call; iterate it, or cancel() it."""

    def __init__(self, call):
        self._call = call

    def __iter__(self):
        return self

    def __next__(self):
        try:
            return next(self._call)
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e) from e

    def cancel(self) -> None:
        self._call.cancel()


def sync_method(method):
    def call(self, request=None, *, timeout=_UNSET, metadata=None, wait_for_ready=None, **fields):
        request, kwargs = self._call_arguments(method, request, fields, timeout, metadata, wait_for_ready)
        if method.server_streaming:
            return Stream(self._callables[method.name](request, **kwargs))
        try:
            return self._callables[method.name](request, **kwargs)
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e) from e
    return call


def aio_method(method):
    if method.server_streaming:
        async def stream(self, request=None, *, timeout=_UNSET, metadata=None, wait_for_ready=None,
                         **fields):
            request, kwargs = self._call_arguments(method, request, fields, timeout, metadata,
                                                   wait_for_ready)
            try:
                async for response in self._callables[method.name](request, **kwargs):
                    yield response
            except grpc.RpcError as e:
                raise errors.from_rpc_error(e) from e
        return stream

    async def call(self, request=None, *, timeout=_UNSET, metadata=None, wait_for_ready=None, **fields):
        request, kwargs = self._call_arguments(method, request, fields, timeout, metadata, wait_for_ready)
        try:
            # A client-streaming request is an (async) iterable, passed as it is.
            return await self._callables[method.name](request, **kwargs)
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e) from e
    return call


def build_classes(services, base, method_factory) -> dict[str, type]:
    """{"IndexClient": class, ...}: one method per RPC, named in snake_case."""
    classes = {}
    for service in services:
        namespace = {"_service": service, "__doc__": f"Client of {service.full_name}.",
                     "__module__": base.__module__}
        for m in service.methods:
            function = method_factory(m)
            function.__name__ = function.__qualname__ = m.python_name
            function.__doc__ = (f"{m.path}: {m.request_type.DESCRIPTOR.name} -> "
                                f"{'stream of ' if m.server_streaming else ''}{m.response_type.DESCRIPTOR.name}")
            namespace[m.python_name] = function
        classes[service.client_name] = type(service.client_name, (base,), namespace)
    return classes
