"""Helpers for the hardening end-to-end tests (real binaries on loopback ports).

- GovProcess: tests/e2e/harness.ServiceProcess that also records the admin and metrics
  ports the binary prints before its "listening on" line, and keeps stderr (JSON logs).
- make_pki(): a throwaway CA, server certificate (SAN 127.0.0.1 / localhost), client
  certificates, made with the openssl CLI at test time (no key is ever committed).
- scrape(): Prometheus text from a --metrics_listen port; metric_value() reads a sample.
- demo study request from data/demo (protobuf JSON StudySpec).
"""
from __future__ import annotations

import csv
import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from harness import ServiceProcess, binary_path, wait_until  # noqa: E402,F401

ROOT = os.environ.get("GOVMETRICS_SOURCE_DIR", os.path.join(HERE, "..", ".."))
# Waits and deadlines are multiplied by this in sanitizer builds (scripts/sanitize.sh sets
# GOVMETRICS_SANITIZER), where the servers compute 5-20x slower.
SLOWDOWN = 10 if os.environ.get("GOVMETRICS_SANITIZER") else 1
_PORT_LINE = re.compile(r"(admin|metrics) on port (\d+)")
_LISTEN = re.compile(r"listening on (\S+):(\d+)")


class GovProcess(ServiceProcess):
    """ServiceProcess that also learns the admin / metrics ports."""

    def __init__(self, binary: str, *extra_args: str, startup_timeout: float = 30.0 * SLOWDOWN):
        super().__init__(binary, *extra_args, startup_timeout=startup_timeout)
        self.admin_port = 0
        self.metrics_port = 0

    def start(self) -> "GovProcess":
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, encoding="utf-8")
        self._stderr_reader = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_reader.start()
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                self.process.wait(timeout=10)
                time.sleep(0.2)  # let the stderr thread collect the reason
                raise RuntimeError(f"{self.binary} exited ({self.process.returncode}) before "
                                   f"listening: {''.join(self.stderr_lines[-20:])}")
            port_line = _PORT_LINE.search(line)
            if port_line:
                setattr(self, f"{port_line.group(1)}_port", int(port_line.group(2)))
            match = _LISTEN.search(line)
            if match:
                self.port = int(match.group(2))
                threading.Thread(target=self.process.stdout.read, daemon=True).start()
                return self
        self.stop()
        raise RuntimeError(f"{self.binary} did not report its port in time")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60.0 * SLOWDOWN) -> int:
        code = super().stop(sig, timeout)
        for stream in (self.process.stdout, self.process.stderr) if self.process else ():
            try:
                stream.close()
            except Exception:  # noqa: BLE001  (a reader thread may hold it)
                pass
        return code


def run_to_exit(binary: str, *args: str, timeout: float = 30.0) -> subprocess.CompletedProcess:
    """Runs a binary expected to refuse to start; returns its exit code and output."""
    return subprocess.run([binary, "--listen=127.0.0.1:0", *args], capture_output=True,
                          text=True, timeout=timeout)


def scrape(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/metrics")
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"/metrics answered {response.status}")
        return response.read().decode()
    finally:
        connection.close()


def metric_value(text: str, name: str, **labels: str) -> float:
    """Sum of the samples of `name` whose labels include `labels` (0.0 when none)."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        if not (line.startswith(name + "{") or line.startswith(name + " ")):
            continue
        if all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


# ---------------------------------------------------------------------------------------
# Certificates.

def _openssl(*args: str, cwd: str) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _issue(directory: str, ca: str, name: str, subject: str, ext: str) -> None:
    _openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key",
             "-out", f"{name}.csr", "-subj", subject, cwd=directory)
    with open(os.path.join(directory, f"{name}.ext"), "w") as f:
        f.write(ext)
    _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.crt", "-CAkey", f"{ca}.key",
             "-CAcreateserial", "-out", f"{name}.crt", "-days", "2", "-sha256",
             "-extfile", f"{name}.ext", cwd=directory)


def make_ca(directory: str, name: str) -> None:
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key",
             "-out", f"{name}.crt", "-days", "2", "-subj", f"/CN={name}",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=directory)


def make_pki(directory: str) -> dict:
    """ca (trusted), server (SAN 127.0.0.1, localhost), client (CN agency-a), and rogue_client
    signed by an untrusted CA. Returns {name: (crt_path, key_path)} plus "ca" crt path."""
    make_ca(directory, "ca")
    make_ca(directory, "rogue_ca")
    _issue(directory, "ca", "server", "/CN=govmetrics-test-server",
           "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
           "extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n")
    _issue(directory, "ca", "client", "/CN=agency-a",
           "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n")
    _issue(directory, "rogue_ca", "rogue_client", "/CN=intruder",
           "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n")
    path = lambda f: os.path.join(directory, f)  # noqa: E731
    return {
        "ca": path("ca.crt"),
        "server": (path("server.crt"), path("server.key")),
        "client": (path("client.crt"), path("client.key")),
        "rogue_client": (path("rogue_client.crt"), path("rogue_client.key")),
    }


def issue_client_certificate(directory: str, name: str, subject: str,
                             san: str | None = None) -> tuple:
    """A client certificate (and key) signed by the make_pki CA; returns (crt, key) paths."""
    ext = "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
    if san:
        ext += f"subjectAltName={san}\n"
    _issue(directory, "ca", name, subject, ext)
    return os.path.join(directory, f"{name}.crt"), os.path.join(directory, f"{name}.key")


def issue_server_certificate(directory: str, name: str, common_name: str) -> tuple:
    """Another server certificate for 127.0.0.1 / localhost from the make_pki CA."""
    _issue(directory, "ca", name, f"/CN={common_name}",
           "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
           "extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n")
    return os.path.join(directory, f"{name}.crt"), os.path.join(directory, f"{name}.key")


def read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


# ---------------------------------------------------------------------------------------
# Demo data.

def demo_panel():
    """data/demo/study_panel.csv as a govmetrics Panel (217 rows)."""
    import govmetrics_client as gm
    with open(os.path.join(ROOT, "data", "demo", "study_panel.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    names = list(rows[0].keys())
    numeric, labels = {}, {}
    for name in names:
        if name in ("entity", "year"):
            continue
        values = [r[name] for r in rows]
        try:
            numeric[name] = [float(v) if v != "" else None for v in values]
        except ValueError:
            labels[name] = values
    return gm.panel_from_columns([r["entity"] for r in rows], [int(r["year"]) for r in rows],
                                 numeric, labels)


def demo_study_request(replications: int = 49):
    """RunStudyRequest on the demo panel with the English spec, resampling cut down so a
    study takes seconds."""
    from google.protobuf import json_format
    from govmetrics.reporting.v1 import reporting_service_pb2, study_spec_pb2
    with open(os.path.join(ROOT, "data", "demo", "study_spec_en.json"), encoding="utf-8") as f:
        spec = json_format.Parse(f.read(), study_spec_pb2.StudySpec())
    spec.bootstrap.replications = replications
    spec.permutations = replications
    spec.wild_bootstrap_replications = replications
    return reporting_service_pb2.RunStudyRequest(panel=demo_panel(), spec=spec)


def fit_request(panel=None):
    """FitPanelModel on the demo panel: governance outcome proxy on digital proxies, two-way
    FE, clustered by entity (the shape of the study's baseline)."""
    from govmetrics.modeling.v1 import panel_model_pb2, model_spec_pb2
    panel = panel or demo_panel()
    request = panel_model_pb2.FitPanelModelRequest(panel=panel)
    request.dependent = "gdp_growth_stability"
    request.regressors.extend(["broadband_ports", "software_revenue", "ln_gdp_per_capita",
                               "openness", "urbanization"])
    request.fixed_effects = model_spec_pb2.FIXED_EFFECTS_TWO_WAY
    request.estimator = model_spec_pb2.ESTIMATOR_WITHIN
    request.variance.type = model_spec_pb2.VARIANCE_TYPE_CLUSTER
    request.variance.cluster_by.append("entity")
    return request
