"""A whole study with progress: StreamStudy's progress events to a callback, the final
report returned (blocking and asyncio)."""
from __future__ import annotations

from typing import Callable

from govmetrics_client.proto.govmetrics.reporting.v1 import reporting_service_pb2

Progress = reporting_service_pb2.Progress
RunStudyResponse = reporting_service_pb2.RunStudyResponse


def _result(event, on_progress) -> RunStudyResponse | None:
    if event.HasField("progress"):
        if on_progress is not None:
            on_progress(event.progress)
        return None
    return event.result


def run_study_with_progress(reporting, request=None, *, on_progress: Callable[[Progress], None] | None = None,
                            **kwargs) -> RunStudyResponse:
    """Streams the study on a ReportingClient; calls on_progress(Progress) after each step."""
    for event in reporting.stream_study(request, **kwargs):
        result = _result(event, on_progress)
        if result is not None:
            return result
    raise RuntimeError("StreamStudy ended without a result")


async def run_study_with_progress_async(reporting, request=None, *,
                                        on_progress: Callable[[Progress], None] | None = None,
                                        **kwargs) -> RunStudyResponse:
    """The same on an aio.ReportingClient."""
    async for event in reporting.stream_study(request, **kwargs):
        result = _result(event, on_progress)
        if result is not None:
            return result
    raise RuntimeError("StreamStudy ended without a result")
