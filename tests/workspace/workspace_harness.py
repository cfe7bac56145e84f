"""Real binaries for the workspace end-to-end and fault tests: index, modeling, reporting
and one or more workspace replicas on free loopback ports, an optional real PostgreSQL
(tests/workspace/postgres_server.sh), two agencies with bearer tokens, and helpers to
upload a panel in chunks and to build quick or slow demo studies."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile

from google.protobuf import json_format

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
from harness import ServiceProcess, binary_path, wait_until  # noqa: E402
from study_e2e_test import load_panel  # noqa: E402,F401  (re-exported)

from govmetrics.reporting.v1 import study_spec_pb2 as spb  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2 as wpb  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("GOVMETRICS_SOURCE_DIR", os.path.join(HERE, "..", ".."))
TOKENS = {"stats": "stats-token-0123456789abcdef", "treasury": "treasury-token-0123456789abcd"}


def auth(agency: str) -> tuple:
    return (("authorization", f"Bearer {TOKENS[agency]}"),)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_spec(replications: int = 49, light: bool = True) -> spb.StudySpec:
    """The demo study; `light` keeps the baseline and heterogeneity only (about a second)."""
    spec = spb.StudySpec()
    with open(os.path.join(ROOT, "data", "demo", "study_spec_en.json"), encoding="utf-8") as f:
        json_format.Parse(f.read(), spec)
    spec.bootstrap.replications = replications
    spec.permutations = replications
    if light:
        del spec.robustness[:]
        del spec.mediators[:]
        del spec.formats[:]
        spec.formats.append(spb.FORMAT_JSON)
    return spec


def upload_requests(panel, chunk_rows: int, display_name: str = "demo", stop_after=None):
    """CreateDataset stream messages; with `stop_after`, calls it after that many chunks
    (it may block: the fault tests kill the server meanwhile)."""
    n = len(panel.entity)
    for index, first in enumerate(range(0, n, chunk_rows)):
        if stop_after is not None and index == stop_after[0]:
            stop_after[1]()
        chunk = wpb.CreateDatasetRequest(display_name=display_name if index == 0 else "")
        last = min(first + chunk_rows, n)
        chunk.chunk.entity.extend(panel.entity[first:last])
        chunk.chunk.period.extend(panel.period[first:last])
        for column in panel.columns:
            chunk.chunk.columns.add(name=column.name, values=column.values[first:last])
        for label in panel.labels:
            chunk.chunk.labels.add(name=label.name, values=label.values[first:last])
        yield chunk


class PostgresServer:
    """initdb + pg_ctl in a temporary directory (as the postgres user when root)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="gm-pg-")
        self.url = subprocess.check_output(
            [os.path.join(HERE, "postgres_server.sh"), "start", self.dir + "/pg", str(free_port())],
            text=True).strip()

    def command(self, name: str):
        subprocess.check_call([os.path.join(HERE, "postgres_server.sh"), name, self.dir + "/pg"])

    def stop(self):
        subprocess.call([os.path.join(HERE, "postgres_server.sh"), "stop", self.dir + "/pg"])
        subprocess.call(["rm", "-rf", self.dir])


class Stack:
    """index + modeling + reporting, and workspace replicas started on demand. The compute
    services read datasets from the workspace at `workspace_port` (compute by reference;
    their channels connect lazily, so the workspace may start after them)."""

    def __init__(self, tmp: str):
        self.tmp = tmp
        self.tokens_file = os.path.join(tmp, "tokens")
        with open(self.tokens_file, "w") as f:
            f.writelines(f"{agency} {token}\n" for agency, token in TOKENS.items())
        self.workspace_port = free_port()
        workspace = f"--workspace_address=127.0.0.1:{self.workspace_port}"
        self.index = ServiceProcess(binary_path("govmetrics-index"), workspace).start()
        self.modeling = ServiceProcess(binary_path("govmetrics-modeling"), workspace).start()
        self.reporting = ServiceProcess(
            binary_path("govmetrics-reporting"), f"--index_target={self.index.target}",
            f"--modeling_target={self.modeling.target}", workspace).start()
        self.replicas: list[ServiceProcess] = []

    def workspace(self, database: str, *extra: str, on_workspace_port: bool = False) -> ServiceProcess:
        """A replica; `on_workspace_port`: the one the compute services read datasets from."""
        if on_workspace_port:
            extra = (*extra, f"--listen=127.0.0.1:{self.workspace_port}")
        replica = ServiceProcess(
            binary_path("govmetrics-workspace"), f"--database={database}",
            f"--data_dir={self.tmp}", f"--reporting_target={self.reporting.target}",
            f"--auth_tokens_file={self.tokens_file}", "--allow_insecure_tokens", *extra).start()
        self.replicas.append(replica)
        return replica

    def stop(self):
        for process in [*self.replicas, self.reporting, self.modeling, self.index]:
            process.stop()


def logged_count(count, expected):
    """count() once it reaches `expected`: log lines are read from the servers' pipes by
    threads here, and a worker logs study_finished (the reporting service its StreamStudy
    line) just after the result WaitOperation returns is recorded. More than `expected` is
    then an error for the caller."""
    wait_until(lambda: count() >= expected, timeout=60, what=f"{expected} log lines")
    return count()


def study_stream_calls(reporting: ServiceProcess, code: str = "OK") -> int:
    """StreamStudy calls the reporting service logged with `code` (one JSON line per RPC)."""
    return sum(1 for line in reporting.stderr_lines
               if '"StreamStudy"' in line and f'"code":"{code}"' in line)
