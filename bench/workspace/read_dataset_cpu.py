"""The workspace's side of a read by reference, alone: starts govmetrics-workspace on the
SQLite database a `fit_by_reference.py --data-dir DIR` run left in DIR, then reads the
bench dataset's y, x1..x5, entity and period in the COLUMNAR encoding REPEAT times with a
client that only receives the bytes (no parsing), and prints per read the wall time, the
workspace's CPU time (/proc) and its minor page faults; the first read's SHA-256 of the
streamed bytes checks that a change keeps them identical. With --streams N each read is
N concurrent streams, one per slice (ReadDatasetRequest.slice), as the compute services
read by reference; the digest is then of the slices' bytes in slice order.
With --postgres ENTITIES the workspace runs on a throwaway PostgreSQL server instead
(tests/workspace/postgres_server.sh), into which the panel fit_by_reference.py builds
(ENTITIES x 100 rows, 2,000 entities per stored chunk) is uploaded first (no --data-dir);
each read then prints the PostgreSQL server's CPU time too. --workspace-arg passes a flag
to the workspace (A/B of its options, e.g. --workspace-arg=--malloc_arena_keep_mb=0).

With --modeling-reader, the reading client is build/bench/read_columns_cpu instead: the
modeling service's receive path (its channel arguments, ColumnarChunkParser into the
engine's columns, the large-block pool), which prints its own CPU time, minor faults and a
checksum of the decoded columns per read (the workspace's CPU is printed as well).
--runs 0 reads with one entity code and period per row (run_length_codes unset), the bytes
of workspaces before the option; the default asks for runs, as the compute services do.

    GOVMETRICS_BUILD_DIR=build PYTHONPATH=build/python:clients/python:tests/e2e \\
        /usr/bin/python3 bench/workspace/read_dataset_cpu.py --data-dir DIR --repeat 6 \\
        [--listen unix:/tmp/ws.sock] [--streams 2] [--modeling-reader] [--runs 0]
"""
import argparse
import hashlib
import os
import subprocess
import sys
import threading
import time

import govmetrics_client as gm
import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "workspace"))
import workspace_harness as wh  # noqa: E402
from harness import ServiceProcess, binary_path  # noqa: E402
sys.path.insert(0, HERE)
from upload_throughput import encoded_messages, postgres_cpu_seconds  # noqa: E402

from govmetrics.workspace.v1 import workspace_service_pb2 as wpb  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2_grpc as wgrpc  # noqa: E402


def proc_stat(pid):
    """(CPU seconds, minor faults) of a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), int(fields[7])


def read_slices(read, request, streams):
    """The messages of one read over `streams` concurrent streams (each on a thread of its
    own), as one list per slice in slice order."""
    messages = [[] for _ in range(streams)]
    errors = []

    def one(index):
        sliced = wpb.ReadDatasetRequest()
        sliced.CopyFrom(request)
        if streams > 1:
            sliced.slice.count, sliced.slice.index = streams, index
        try:
            for message in read(sliced, metadata=wh.auth("stats"), timeout=3600):
                messages[index].append(message)
        except grpc.RpcError as error:  # reported after the join
            errors.append(error)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(streams)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return messages


def modeling_reader(address, dataset, repeat, workspace_pid, runs):
    """Runs read_columns_cpu (one process, REPEAT reads: the later ones on pooled memory),
    printing its lines as they come and the workspace's CPU time over all the reads."""
    tool = os.path.join(os.environ.get("GOVMETRICS_BUILD_DIR", "build"), "bench", "read_columns_cpu")
    token = dict(wh.auth("stats"))["authorization"].removeprefix("Bearer ")
    cpu, _ = proc_stat(workspace_pid)
    subprocess.run([tool, address, token, dataset, str(repeat), "16384", "1", str(runs)], check=True)
    print(f"workspace CPU over the {repeat} reads: {proc_stat(workspace_pid)[0] - cpu:.2f} s")


def start_workspace(args, address):
    """(workspace, PostgreSQL server or None): on the --data-dir SQLite database, or on a
    throwaway PostgreSQL server holding the bench panel (--postgres ENTITIES)."""
    if not args.postgres:
        return ServiceProcess(binary_path("govmetrics-workspace"), "--database=sqlite:bench.db",
                              f"--data_dir={args.data_dir}",
                              f"--auth_tokens_file={args.data_dir}/tokens",
                              "--allow_insecure_tokens", f"--listen={address}",
                              *args.workspace_arg).start(), None
    pg = wh.PostgresServer()
    tmp = os.path.join(pg.dir, "workspace")  # removed with the server's directory
    os.mkdir(tmp)
    with open(os.path.join(tmp, "tokens"), "w") as f:
        f.writelines(f"{a} {t}\n" for a, t in wh.TOKENS.items())
    try:
        workspace = ServiceProcess(binary_path("govmetrics-workspace"), f"--database={pg.url}",
                                   f"--data_dir={tmp}", f"--auth_tokens_file={tmp}/tokens",
                                   "--allow_insecure_tokens", f"--listen={address}",
                                   *args.workspace_arg).start()
    except BaseException:
        pg.stop()
        raise
    try:
        gm.WorkspaceClient(channel=grpc.insecure_channel(address)).create_dataset(
            iter(encoded_messages(args.postgres, 100, 2000)), metadata=wh.auth("stats"),
            timeout=3600)
    except BaseException:
        workspace.stop()
        pg.stop()
        raise
    return workspace, pg


def database_cpu(pg):
    """CPU seconds of the PostgreSQL server so far (0 on SQLite: it runs in the workspace)."""
    return postgres_cpu_seconds(pg.dir + "/pg/data") if pg else 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", help="a fit_by_reference.py --data-dir")
    parser.add_argument("--postgres", type=int, metavar="ENTITIES",
                        help="read ENTITIES x 100 rows from a throwaway PostgreSQL server instead")
    parser.add_argument("--workspace-arg", action="append", default=[],
                        help="a flag for govmetrics-workspace (repeatable)")
    parser.add_argument("--repeat", type=int, default=6)
    parser.add_argument("--listen", help="workspace address (default a free loopback port)")
    parser.add_argument("--streams", type=int, default=1, help="concurrent slices per read")
    parser.add_argument("--runs", type=int, choices=(0, 1), default=1,
                        help="ReadDatasetRequest.run_length_codes (1, as the compute services read; "
                             "0: one entity code and period per row)")
    parser.add_argument("--modeling-reader", action="store_true",
                        help="read with build/bench/read_columns_cpu (the modeling service's decoding, one stream)")
    args = parser.parse_args()
    address = args.listen or f"127.0.0.1:{wh.free_port()}"
    if not args.data_dir and not args.postgres:
        parser.error("--data-dir or --postgres is required")
    workspace, pg = start_workspace(args, address)
    pid = workspace.process.pid
    try:
        channel = grpc.insecure_channel(address, options=[("grpc.max_receive_message_length", 1 << 30)])
        listed = wgrpc.WorkspaceServiceStub(channel).ListDatasets(
            wpb.ListDatasetsRequest(page_size=1), metadata=wh.auth("stats"))
        read = channel.unary_stream("/govmetrics.workspace.v1.WorkspaceService/ReadDataset",
                                    request_serializer=wpb.ReadDatasetRequest.SerializeToString,
                                    response_deserializer=None)
        request = wpb.ReadDatasetRequest(name=listed.datasets[0].name,
                                         columns=["y", "x1", "x2", "x3", "x4", "x5"],
                                         encoding=wpb.CHUNK_ENCODING_COLUMNAR,
                                         run_length_codes=bool(args.runs))
        if args.modeling_reader:
            modeling_reader(address, listed.datasets[0].name, args.repeat, pid, args.runs)
            return
        for i in range(args.repeat):
            (cpu, faults), start = proc_stat(pid), time.perf_counter()
            db_cpu = database_cpu(pg)
            digest, size = hashlib.sha256(), 0
            for message in (m for slice_ in read_slices(read, request, args.streams) for m in slice_):
                if i == 0:
                    digest.update(message)
                size += len(message)
            (cpu_after, faults_after) = proc_stat(pid)
            print(f"read {i}: {time.perf_counter() - start:.2f} s wall, workspace CPU "
                  f"{cpu_after - cpu:.2f} s, {faults_after - faults} minor faults, {size / 1e6:.0f} MB"
                  + (f", PostgreSQL CPU {database_cpu(pg) - db_cpu:.2f} s" if pg else "")
                  + (f", sha256 {digest.hexdigest()[:16]}" if i == 0 else ""), flush=True)
    finally:
        workspace.stop()
        if pg:
            pg.stop()


if __name__ == "__main__":
    main()
