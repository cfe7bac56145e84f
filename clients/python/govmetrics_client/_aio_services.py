"""asyncio (grpc.aio) client classes, one per service of the contracts, generated at import
time; _aio_services.pyi types them."""
from govmetrics_client import _client, _registry

_classes = _client.build_classes(_registry.discover(), _client.AioClientBase, _client.aio_method)
globals().update(_classes)
__all__ = sorted(_classes)
