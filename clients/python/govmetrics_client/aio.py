"""asyncio clients (grpc.aio): the same classes and methods as the blocking ones, awaited.

    async with gm.aio.IndexClient("127.0.0.1:50051") as index:
        response = await index.compute_index(request)
    async for event in reporting.stream_study(request): ...
"""
from govmetrics_client._aio_services import *  # noqa: F401,F403
from govmetrics_client._aio_services import __all__ as _services
from govmetrics_client.study import run_study_with_progress_async as run_study_with_progress  # noqa: F401

__all__ = [*_services, "run_study_with_progress"]
