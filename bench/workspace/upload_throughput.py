"""Dataset upload throughput, SQLite and PostgreSQL side by side: the same balanced panel
(ENTITIES x PERIODS rows, y and x1..x5, as fit_by_reference.py builds it) is encoded once
into CreateDataset messages, then uploaded REPEAT times to a workspace on each backend in
turn (alternating), each into a fresh database; prints per upload the wall time, rows/s,
and the CPU seconds of the workspace and of the database server (PostgreSQL's processes,
from /proc; SQLite runs inside the workspace). PostgreSQL runs with fsync on, like
SQLite's synchronous=FULL.

    GOVMETRICS_BUILD_DIR=build PYTHONPATH=build/python:clients/python:tests/e2e \\
        /usr/bin/python3 bench/workspace/upload_throughput.py [--entities 20000] \\
        [--periods 100] [--repeat 2]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import govmetrics_client as gm
import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "workspace"))
import workspace_harness as wh  # noqa: E402
from fit_by_reference import entity_chunks  # noqa: E402
from harness import ServiceProcess, binary_path  # noqa: E402


def proc_cpu_seconds(pid):
    """User + system CPU seconds of a process so far (with its waited-for children)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def encoded_messages(entities, periods, entities_per_chunk):
    """The CreateDataset messages of the panel, serialised once (the client's encoding is
    not what is measured)."""
    messages = []
    for first, names, years, columns in entity_chunks(entities, periods, entities_per_chunk):
        messages.extend(gm.upload_requests(names, years, columns, chunk_rows=len(names),
                                           display_name="" if first else "upload bench"))
    return messages


def postgres_cpu_seconds(data_dir):
    """CPU seconds of every process of the PostgreSQL server whose data directory is
    `data_dir` (the postmaster and its backends: children of the postmaster pid)."""
    with open(os.path.join(data_dir, "postmaster.pid")) as f:
        postmaster = int(f.readline())
    children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True,
                              text=True).stdout.split()
    total = 0.0
    for pid in [postmaster, *map(int, children)]:
        try:
            total += proc_cpu_seconds(pid)
        except FileNotFoundError:  # a backend that just exited
            pass
    return total


def upload_once(messages, rows, url, tmp, pg_data):
    workspace = ServiceProcess(binary_path("govmetrics-workspace"), f"--database={url}",
                               f"--data_dir={tmp}", f"--auth_tokens_file={tmp}/tokens",
                               "--allow_insecure_tokens").start()
    try:
        client = gm.WorkspaceClient(channel=grpc.insecure_channel(workspace.target))
        cpu, db_cpu = proc_cpu_seconds(workspace.process.pid), (
            postgres_cpu_seconds(pg_data) if pg_data else 0.0)
        start = time.perf_counter()
        dataset = client.create_dataset(iter(messages), metadata=wh.auth("stats"),
                                        timeout=3600).dataset
        seconds = time.perf_counter() - start
        cpu = proc_cpu_seconds(workspace.process.pid) - cpu
        db_cpu = (postgres_cpu_seconds(pg_data) - db_cpu) if pg_data else 0.0
        assert dataset.row_count == rows, dataset
        return seconds, cpu, db_cpu
    finally:
        workspace.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=20000)
    parser.add_argument("--periods", type=int, default=100)
    parser.add_argument("--entities-per-chunk", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    rows = args.entities * args.periods
    messages = encoded_messages(args.entities, args.periods, args.entities_per_chunk)
    print(f"{rows:,} rows, {sum(map(len, messages)) / 1e6:.0f} MB of messages", flush=True)
    os.environ["GOVMETRICS_PG_FSYNC"] = "on"
    pg = wh.PostgresServer()
    try:
        for i in range(args.repeat):
            for name, pg_data in (("SQLite", None), ("PostgreSQL", pg.dir + "/pg/data")):
                with tempfile.TemporaryDirectory() as tmp:
                    with open(os.path.join(tmp, "tokens"), "w") as f:
                        f.writelines(f"{a} {t}\n" for a, t in wh.TOKENS.items())
                    url = "sqlite:bench.db" if pg_data is None else fresh_schema_url(pg, i)
                    seconds, cpu, db_cpu = upload_once(messages, rows, url, tmp, pg_data)
                print(f"{name} upload {i}: {seconds:.2f} s, {rows / seconds:,.0f} rows/s, "
                      f"CPU workspace {cpu:.2f} s" +
                      (f", PostgreSQL {db_cpu:.2f} s" if pg_data else ""), flush=True)
    finally:
        pg.stop()


def fresh_schema_url(pg, i):
    """A database of its own per upload (the workspace migrates it at start)."""
    name = f"upload{i}"
    port = pg.url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)[1]
    version = sorted(os.listdir("/usr/lib/postgresql"), key=int)[-1]
    subprocess.check_call([f"/usr/lib/postgresql/{version}/bin/createdb", "-h", "127.0.0.1",
                           "-p", port, "-U", "gm", name])
    return pg.url.replace("/workspace?", f"/{name}?")

if __name__ == "__main__":
    main()
