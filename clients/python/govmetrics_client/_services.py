"""Blocking client classes, one per service of the contracts (IndexClient, ModelingClient,
ReportingClient, ...), generated at import time; _services.pyi types them."""
from govmetrics_client import _client, _registry

_classes = _client.build_classes(_registry.discover(), _client.ClientBase, _client.sync_method)
globals().update(_classes)
__all__ = sorted(_classes)
