"""Workspace latency, SQLite and PostgreSQL side by side: CreateDataset of the 217-row demo
panel (one chunk) and GetOperation polls of a finished study, p50 / p90 over repeated
calls from one Python client over loopback (real binaries, tokens on).

    GOVMETRICS_BUILD_DIR=build PYTHONPATH=build/python:clients/python \\
        /usr/bin/python3 bench/workspace/workspace_latency.py [--uploads 60] [--polls 400]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

import grpc
from google.protobuf import duration_pb2

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "workspace"))
import workspace_harness as wh  # noqa: E402

from google.longrunning import operations_pb2 as opb  # noqa: E402
from google.longrunning import operations_pb2_grpc as ogrpc  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2 as wpb  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2_grpc as wgrpc  # noqa: E402


def percentiles(samples_ms):
    ordered = sorted(samples_ms)
    return ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.9)]


def measure(replica, panel, uploads, polls):
    channel = grpc.insecure_channel(replica.target)
    ws, ops = wgrpc.WorkspaceServiceStub(channel), ogrpc.OperationsStub(channel)
    meta = wh.auth("stats")
    upload_ms = []
    for i in range(uploads + 3):
        start = time.perf_counter()
        dataset = ws.CreateDataset(wh.upload_requests(panel, 1000), metadata=meta).dataset
        if i >= 3:  # warm-up calls excluded
            upload_ms.append((time.perf_counter() - start) * 1e3)
    operation = ws.CreateStudy(wpb.CreateStudyRequest(dataset=dataset.name, spec=wh.demo_spec()),
                               metadata=meta)
    ops.WaitOperation(opb.WaitOperationRequest(name=operation.name,
                                               timeout=duration_pb2.Duration(seconds=300)),
                      metadata=meta)
    poll_ms = []
    request = opb.GetOperationRequest(name=operation.name)
    for i in range(polls + 10):
        start = time.perf_counter()
        ops.GetOperation(request, metadata=meta)
        if i >= 10:
            poll_ms.append((time.perf_counter() - start) * 1e3)
    return percentiles(upload_ms), percentiles(poll_ms)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--uploads", type=int, default=60)
    parser.add_argument("--polls", type=int, default=400)
    args = parser.parse_args()
    panel = wh.load_panel()
    os.environ["GOVMETRICS_PG_FSYNC"] = "on"  # durable commits, like SQLite's synchronous=FULL
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        stack = wh.Stack(tmp)
        pg = wh.PostgresServer()
        try:
            for name, url in (("SQLite (WAL, synchronous=FULL)", "sqlite:bench.db"),
                              ("PostgreSQL 15 (local, fsync on)", pg.url)):
                replica = stack.workspace(url)
                rows.append((name, *measure(replica, panel, args.uploads, args.polls)))
                replica.stop()
        finally:
            stack.stop()
            pg.stop()
    print("| backend | CreateDataset 217 rows p50 / p90 (ms) | GetOperation p50 / p90 (ms) |")
    print("|---|---|---|")
    for name, (u50, u90), (g50, g90) in rows:
        print(f"| {name} | {u50:.2f} / {u90:.2f} | {g50:.2f} / {g90:.2f} |")


if __name__ == "__main__":
    main()
