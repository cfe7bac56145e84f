"""Fit by reference read over K streams against the same fit read over another K, call
by call: one workspace serving a dataset a fit_by_reference.py run left in --data-dir,
one modeling server per --dataset_read_streams value, and the same by-reference fit sent
to each in turn, round after round (alternating, so that a shared machine's load falls
on both alike). Prints each call's wall time and the CPU each process spent on it.
The modeling servers keep no dataset cache (--dataset_cache_mb=0), so every call reads;
round 0 is each server's cold call.

    GOVMETRICS_BUILD_DIR=build PYTHONPATH=build/python:clients/python:tests/e2e \\
      python3 bench/workspace/read_streams_ab.py --data-dir /work/rm_bench/e7 --streams 1,2
"""
import argparse
import os
import statistics
import sys
import time

import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fit_by_reference as fb  # noqa: E402
from fit_by_reference import ServiceProcess, binary_path, wh  # noqa: E402

from govmetrics.modeling.v1 import modeling_service_pb2_grpc as mgrpc  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2 as wpb  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2_grpc as wgrpc  # noqa: E402

OPTIONS = [("grpc.max_receive_message_length", 2000 << 20)]


def start(data_dir, streams):
    """The workspace on the data directory's database and one modeling server per value."""
    port = wh.free_port()
    workspace = ServiceProcess(
        binary_path("govmetrics-workspace"), "--database=sqlite:bench.db", f"--data_dir={data_dir}",
        f"--auth_tokens_file={data_dir}/tokens", "--allow_insecure_tokens",
        f"--listen=127.0.0.1:{port}").start()
    servers = {k: ServiceProcess(binary_path("govmetrics-modeling"), "--max_message_mb=2000",
                                 "--max_rows=0", f"--workspace_address=127.0.0.1:{port}",
                                 "--dataset_cache_mb=0", f"--dataset_read_streams={k}").start()
               for k in streams}
    return workspace, servers


def largest_dataset(workspace):
    stub = wgrpc.WorkspaceServiceStub(grpc.insecure_channel(workspace.target, options=OPTIONS))
    listed = stub.ListDatasets(wpb.ListDatasetsRequest(page_size=1000), metadata=wh.auth("stats"))
    return max(listed.datasets, key=lambda d: d.row_count)


def timed_call(stub, server, workspace, dataset):
    """(wall s, modeling CPU s, workspace CPU s, the fit's first coefficient) of one call."""
    cpu = (fb.cpu_seconds(server), fb.cpu_seconds(workspace))
    begin = time.monotonic()
    fit = stub.FitPanelModel(fb.fit_request(dataset=dataset.name), metadata=wh.auth("stats"),
                             timeout=3600)
    wall = time.monotonic() - begin
    return (wall, fb.cpu_seconds(server) - cpu[0], fb.cpu_seconds(workspace) - cpu[1],
            fit.coefficients[0].estimate)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True,
                        help="a directory fit_by_reference.py --data-dir uploaded a dataset to")
    parser.add_argument("--streams", default="1,2", help="--dataset_read_streams values")
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    streams = [int(k) for k in args.streams.split(",")]
    workspace, servers = start(os.path.abspath(args.data_dir), streams)
    try:
        dataset = largest_dataset(workspace)
        print(f"{dataset.name}: {dataset.row_count:,} rows; streams {streams}")
        stubs = {k: mgrpc.ModelingServiceStub(grpc.insecure_channel(s.target, options=OPTIONS))
                 for k, s in servers.items()}
        warm = {k: [] for k in streams}
        for round_ in range(args.rounds):
            for k in streams:
                wall, cpu, ws_cpu, b1 = timed_call(stubs[k], servers[k], workspace, dataset)
                print(f"round {round_} streams {k}: wall {wall:.2f} s, CPU modeling {cpu:.2f} s, "
                      f"workspace {ws_cpu:.2f} s, b1 {b1!r}, load {os.getloadavg()[0]:.2f}", flush=True)
                if round_ > 0:
                    warm[k].append((wall, cpu))
        for k, calls in warm.items():
            if calls:
                print(f"streams {k}, warm calls: median wall {statistics.median(c[0] for c in calls):.2f} s, "
                      f"median CPU modeling {statistics.median(c[1] for c in calls):.2f} s")
    finally:
        for process in [*servers.values(), workspace]:
            process.stop()


if __name__ == "__main__":
    main()
