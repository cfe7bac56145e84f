"""Server reflection as third-party clients use it: `buf curl` (the pinned buf CLI in
tools/buf) against each real binary started with --reflection lists every service and
method, health included, and calls methods knowing nothing but what reflection serves
(no .proto files are given to it). The expected method lists are read from proto/ here,
in the test, never by the client."""
import glob
import json
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import ServiceProcess, binary_path  # noqa: E402

ROOT = os.environ.get("GOVMETRICS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BUF = os.path.join(ROOT, "tools", "buf", "node_modules", ".bin", "buf")
HEALTH_METHODS = {"grpc.health.v1.Health/Check", "grpc.health.v1.Health/Watch"}
SERVICES = {
    "govmetrics-index": "govmetrics.index.v1.IndexService",
    "govmetrics-modeling": "govmetrics.modeling.v1.ModelingService",
    "govmetrics-reporting": "govmetrics.reporting.v1.ReportingService",
}
SMALL_PANEL = {
    "entity": ["A", "A", "B", "B", "C", "C"],
    "period": [2020, 2021, 2020, 2021, 2020, 2021],
    "columns": [{"name": "x", "values": [1, 2, 3, 4, 5, 6]},
                {"name": "y", "values": [9, 7, 8, 3, 2, 1]}],
}


def declared_methods(service):
    """Service/Method for every rpc the service's .proto declares."""
    package, name = service.rsplit(".", 1)
    area = package.split(".")[1]
    methods = set()
    for path in glob.glob(os.path.join(ROOT, "proto", "govmetrics", area, "v1", "*.proto")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        block = re.search(rf"service {name} \{{(.*?)\n\}}", text, re.S)
        if block:
            methods |= {f"{service}/{m}" for m in re.findall(r"rpc (\w+)\(", block.group(1))}
    return methods


def ensure_buf():
    if not os.path.exists(BUF):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=os.path.join(ROOT, "tools", "buf"), check=True, capture_output=True)


def buf_curl(*args):
    """buf curl over plaintext HTTP/2 (gRPC protocol); the schema comes from reflection."""
    return subprocess.run([BUF, "curl", "--protocol", "grpc", "--http2-prior-knowledge", *args],
                          capture_output=True, text=True, timeout=120)


def call(target, method, request):
    return buf_curl("-d", json.dumps(request), f"http://{target}/{method}")


class ReflectionOnly(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ensure_buf()
        cls.servers = {name: ServiceProcess(binary_path(name), "--reflection").start()
                       for name in SERVICES}

    @classmethod
    def tearDownClass(cls):
        for server in cls.servers.values():
            server.stop()

    def listing(self, binary, flag):
        done = buf_curl(flag, f"http://{self.servers[binary].target}")
        self.assertEqual(done.returncode, 0, done.stderr)
        return set(done.stdout.split())

    def test_every_listed_service_and_method_is_described(self):
        for binary, service in SERVICES.items():
            with self.subTest(binary=binary):
                services = self.listing(binary, "--list-services")
                self.assertLessEqual({service, "grpc.health.v1.Health"}, services)
                methods = self.listing(binary, "--list-methods")
                expected = declared_methods(service) | HEALTH_METHODS
                self.assertGreater(len(declared_methods(service)), 0)
                self.assertLessEqual(expected, methods)

    def test_health_check_is_callable_through_reflection(self):
        for binary, service in SERVICES.items():
            with self.subTest(binary=binary):
                done = call(self.servers[binary].target, "grpc.health.v1.Health/Check",
                            {"service": service})
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertEqual(json.loads(done.stdout), {"status": "SERVING"})

    def test_compute_index_is_callable_through_reflection(self):
        request = {"panel": SMALL_PANEL,
                   "indicators": [{"column": "x", "direction": "DIRECTION_POSITIVE"},
                                  {"column": "y", "direction": "DIRECTION_NEGATIVE"}]}
        done = call(self.servers["govmetrics-index"].target,
                    "govmetrics.index.v1.IndexService/ComputeIndex", request)
        self.assertEqual(done.returncode, 0, done.stderr)
        response = json.loads(done.stdout)
        weights = [w["weight"] for w in response["weights"]]
        self.assertEqual([w["column"] for w in response["weights"]], ["x", "y"])
        self.assertAlmostEqual(sum(weights), 1.0, places=12)
        self.assertEqual(len(response["scores"]), 6)

    def test_bad_request_through_reflection_gets_invalid_argument_naming_the_field(self):
        request = {"panel": SMALL_PANEL, "dependent": "nope", "regressors": ["x"]}
        done = call(self.servers["govmetrics-modeling"].target,
                    "govmetrics.modeling.v1.ModelingService/FitPanelModel", request)
        self.assertNotEqual(done.returncode, 0)
        error = json.loads(done.stderr)
        self.assertEqual(error["code"], "invalid_argument")
        self.assertIn("nope", done.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
