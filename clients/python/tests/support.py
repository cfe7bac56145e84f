"""Shared by the client tests: repository paths, the real service binaries (through
tests/e2e/harness.py), the throwaway PKI and the flaky proxy."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile

ROOT = os.environ.get("GOVMETRICS_SOURCE_DIR",
                      os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
from harness import ServiceProcess, binary_path  # noqa: E402,F401

# The retry tests drop the first connection: reconnect quickly so the retries (0.5 s
# initial backoff, jittered) meet a connected channel.
FAST_RECONNECT = [("grpc.initial_reconnect_backoff_ms", 100), ("grpc.min_reconnect_backoff_ms", 100)]


def repo_path(*parts: str) -> str:
    return os.path.join(ROOT, *parts)


def make_certs() -> tempfile.TemporaryDirectory:
    """ca.crt, server.{crt,key}, client.{crt,key}, token, tokens (make_test_certs.sh)."""
    tmp = tempfile.TemporaryDirectory(prefix="govmetrics-py-tls-")
    subprocess.run([repo_path("tests", "clients", "make_test_certs.sh"), tmp.name], check=True)
    return tmp


class FlakyProxy:
    """tests/clients/flaky_proxy.py in front of `upstream`, dropping the first connection."""

    def __init__(self, upstream: str, drop: int = 1):
        self.process = subprocess.Popen(
            [sys.executable, repo_path("tests", "clients", "flaky_proxy.py"), upstream, f"--drop={drop}"],
            stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        self.target = line.rsplit(" ", 1)[1].strip()

    def events(self) -> list[str]:
        self.process.terminate()
        out, _ = self.process.communicate(timeout=10)
        return out.split("\n")

    def __enter__(self) -> "FlakyProxy":
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
