"""The reporting service survives its index dependency dying and coming back.

Three binaries on loopback; RunStudy on the demo panel (data/demo) runs in a loop from
several threads. govmetrics-index is killed (SIGKILL) under that load, then restarted on
the same port. Asserts:
- while the index is down, every failed RunStudy is UNAVAILABLE and its message names the
  index service (the operator learns which dependency is missing);
- after the restart RunStudy succeeds again, with the reporting process never restarted;
- reporting's /metrics counted the failed downstream calls as grpc_client_handled_total
  {grpc_code="Unavailable"} for ComputeIndex.
"""
import os
import signal
import sys
import threading
import unittest

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hardening_harness import (SLOWDOWN, GovProcess, binary_path,  # noqa: E402
                               demo_study_request, metric_value, scrape, wait_until)

from govmetrics.reporting.v1 import reporting_service_pb2_grpc as reporting_grpc  # noqa: E402

LOAD_THREADS = 3
OPTIONS = [("grpc.max_receive_message_length", 256 << 20)]
PATIENCE = 120 * SLOWDOWN  # seconds: per study call and per phase


class DownstreamRestartEndToEnd(unittest.TestCase):
    def test_index_killed_and_restarted_under_load(self):
        modeling = GovProcess(binary_path("govmetrics-modeling")).start()
        self.addCleanup(modeling.stop)
        index = GovProcess(binary_path("govmetrics-index")).start()
        index_port = index.port
        reporting = GovProcess(binary_path("govmetrics-reporting"),
                               f"--index_target=127.0.0.1:{index_port}",
                               f"--modeling_target={modeling.target}",
                               "--metrics_listen=127.0.0.1:0").start()
        self.addCleanup(reporting.stop)
        reporting_pid = reporting.process.pid
        request = demo_study_request()

        channel = grpc.insecure_channel(reporting.target, options=OPTIONS)
        self.addCleanup(channel.close)
        stub = reporting_grpc.ReportingServiceStub(channel)
        baseline = stub.RunStudy(request, timeout=PATIENCE)
        self.assertTrue(baseline.report.title)

        results = []  # (phase, code, details)
        lock = threading.Lock()
        phase = {"now": "up"}
        stop = threading.Event()

        def load():
            while not stop.is_set():
                started_in = phase["now"]
                try:
                    stub.RunStudy(request, timeout=PATIENCE)
                    outcome = (started_in, "OK", "")
                except grpc.RpcError as e:
                    outcome = (started_in, e.code().name, e.details())
                with lock:
                    results.append(outcome)

        def count(code, phase_name=None):
            with lock:
                return sum(1 for p, c, _ in results
                           if c == code and (phase_name is None or p == phase_name))

        threads = [threading.Thread(target=load) for _ in range(LOAD_THREADS)]
        for t in threads:
            t.start()
        try:
            wait_until(lambda: count("OK") >= 6, timeout=PATIENCE, what="studies before the kill")
            index.stop(signal.SIGKILL)
            phase["now"] = "down"
            wait_until(lambda: count("UNAVAILABLE", "down") >= 3, timeout=PATIENCE,
                       what="failures while the index is down")
            index = GovProcess(binary_path("govmetrics-index"),
                               f"--listen=127.0.0.1:{index_port}").start()
            self.addCleanup(index.stop)
            phase["now"] = "restarted"
            wait_until(lambda: count("OK", "restarted") >= 3, timeout=PATIENCE,
                       what="studies succeeding after the restart")
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=PATIENCE + 60)

        failures = [(p, c, d) for p, c, d in results if c != "OK"]
        self.assertTrue(failures)
        for p, code, details in failures:
            self.assertEqual(code, "UNAVAILABLE", (p, details))
            self.assertIn("index service", details)
            self.assertIn(f"127.0.0.1:{index_port}", details)
        self.assertEqual(reporting.process.pid, reporting_pid)
        self.assertIsNone(reporting.process.poll())  # never restarted, still running
        self.assertGreater(count("OK", "restarted"), 0)
        metrics = scrape(reporting.metrics_port)
        self.assertGreater(metric_value(metrics, "grpc_client_handled_total",
                                        grpc_method="ComputeIndex", grpc_code="Unavailable"), 0)
        self.assertGreater(metric_value(metrics, "grpc_server_handled_total",
                                        grpc_method="RunStudy", grpc_code="Unavailable"), 0)
        self.assertEqual(reporting.stop(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
