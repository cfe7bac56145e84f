"""SIGTERM drain under load on the real govmetrics-modeling binary.

Slow AnalyzeMediation calls (a 100,000-replication bootstrap, seconds each; the wild
cluster bootstrap once used here became closed form and too fast) are put in flight;
once the server reports them all in flight (govmetrics_server_in_flight_rpcs on /metrics)
SIGTERM is sent while light FitPanelModel calls keep arriving from other threads. Then:
- health on the plaintext admin port turns NOT_SERVING while the slow calls still run;
- a call on a new connection is refused with UNAVAILABLE naming the drain;
- every slow call that was in flight at SIGTERM completes successfully;
- every light call either succeeds or is refused with UNAVAILABLE (never CANCELLED,
  INTERNAL, ...: nothing accepted is dropped);
- the process exits 0 within the grace period and logs draining -> drained -> stopped.
"""
import os
import signal
import sys
import threading
import unittest

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hardening_harness import (GovProcess, binary_path, fit_request, metric_value,  # noqa: E402
                               scrape, wait_until)

import govmetrics_client as gm  # noqa: E402
from govmetrics.modeling.v1 import mediation_pb2  # noqa: E402

MODELING = "govmetrics.modeling.v1.ModelingService"
SLOW_CALLS = 4
LIGHT_THREADS = 4
# Generous: the process exits as soon as the slow calls finish, and sanitizer builds
# (scripts/sanitize.sh) run them 10-20x slower than a release build.
DRAIN_SECONDS = 900
# Slow enough to still run when SIGTERM arrives; half under a sanitizer build, which
# computes the bootstrap 10-20x slower (scripts/sanitize.sh sets GOVMETRICS_SANITIZER),
# where light calls are slow too, so fewer of them are awaited before SIGTERM.
SANITIZED = bool(os.environ.get("GOVMETRICS_SANITIZER"))
REPLICATIONS = 10000 if SANITIZED else 100000
LIGHT_BEFORE_SIGTERM = 4 if SANITIZED else 20
# Waits for progress (not timed assertions): generous, and more so when sanitized.
PATIENCE = 600 if SANITIZED else 60


class DrainEndToEnd(unittest.TestCase):
    def test_sigterm_drains_in_flight_calls_and_exits_zero(self):
        server = GovProcess(binary_path("govmetrics-modeling"), f"--drain_seconds={DRAIN_SECONDS}",
                            "--admin_listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0",
                            "--max_replications=0").start()
        self.addCleanup(server.stop, signal.SIGKILL)
        channel = grpc.insecure_channel(server.target)
        self.addCleanup(channel.close)
        stub = gm.modeling_grpc.ModelingServiceStub(channel)
        admin = grpc.insecure_channel(f"127.0.0.1:{server.admin_port}")
        self.addCleanup(admin.close)
        self.assertEqual(gm.health_check(admin, MODELING), "SERVING")

        light = fit_request()
        reference = stub.FitPanelModel(light, timeout=30)
        slow = mediation_pb2.AnalyzeMediationRequest(
            panel=light.panel, treatment="broadband_ports", mediators=["software_revenue"],
            outcome="gdp_growth_stability")
        slow.bootstrap.replications = REPLICATIONS
        slow.bootstrap.seed = 11

        slow_results = [None] * SLOW_CALLS

        def slow_call(i):
            try:
                slow_results[i] = ("OK", stub.AnalyzeMediation(slow, timeout=DRAIN_SECONDS))
            except grpc.RpcError as e:  # recorded, asserted below
                slow_results[i] = (e.code().name, e.details())

        light_results = []
        light_lock = threading.Lock()
        stop_light = threading.Event()

        def light_loop():
            # Each thread has its own channel, as separate clients would.
            own = grpc.insecure_channel(server.target)
            own_stub = gm.modeling_grpc.ModelingServiceStub(own)
            try:
                while not stop_light.is_set():
                    try:
                        response = own_stub.FitPanelModel(light, timeout=60)
                        outcome = ("OK", response.coefficients[0].estimate)
                    except grpc.RpcError as e:
                        outcome = (e.code().name, e.details())
                    with light_lock:
                        light_results.append(outcome)
                    if outcome[0] != "OK":
                        return  # the server is going away; a real client would fail over
            finally:
                own.close()

        slow_threads = [threading.Thread(target=slow_call, args=(i,)) for i in range(SLOW_CALLS)]
        for t in slow_threads:
            t.start()
        wait_until(lambda: metric_value(scrape(server.metrics_port),
                                        "govmetrics_server_in_flight_rpcs") >= SLOW_CALLS,
                   timeout=PATIENCE, what="slow calls in flight")
        light_threads = [threading.Thread(target=light_loop) for _ in range(LIGHT_THREADS)]
        for t in light_threads:
            t.start()
        wait_until(lambda: len(light_results) >= LIGHT_BEFORE_SIGTERM, timeout=PATIENCE,
                   what="light calls under way")

        server.process.send_signal(signal.SIGTERM)
        wait_until(lambda: self._health(admin) == "NOT_SERVING", timeout=PATIENCE,
                   what="NOT_SERVING on the admin port")
        # The slow calls are still running: the drain has not cut them short.
        self.assertTrue(any(r is None for r in slow_results))
        # New work is refused with UNAVAILABLE (retryable) while the slow calls run on.
        refusal = self._fresh_call(server.target, light)
        self.assertEqual(refusal[0], "UNAVAILABLE", refusal)
        self.assertIn("govmetrics-modeling is shutting down", refusal[1])
        self.assertTrue(any(r is None for r in slow_results))

        for t in slow_threads:
            t.join(timeout=DRAIN_SECONDS + 60)
        stop_light.set()
        for t in light_threads:
            t.join(timeout=PATIENCE)
        self.assertEqual(server.process.wait(timeout=DRAIN_SECONDS + 30), 0)

        for i, result in enumerate(slow_results):
            self.assertIsNotNone(result, f"slow call {i} never returned")
            self.assertEqual(result[0], "OK", f"slow call {i}: {result}")
            # Same request and seed: every drained call returns the same estimates (the
            # provenance differs: request ids and times).
            answer, first = type(result[1])(), type(result[1])()
            answer.CopyFrom(result[1])
            first.CopyFrom(slow_results[0][1])
            answer.ClearField("provenance")
            first.ClearField("provenance")
            self.assertEqual(answer.SerializeToString(deterministic=True),  # NaN-safe
                             first.SerializeToString(deterministic=True), f"slow call {i}")
        codes = {code for code, _ in light_results}
        self.assertLessEqual(codes, {"OK", "UNAVAILABLE"}, light_results[-10:])
        for code, value in light_results:
            if code == "OK":
                self.assertEqual(value, reference.coefficients[0].estimate)
        log = server.log()
        self.assertIn('"event":"draining"', log)
        self.assertIn('"event":"drained"', log)
        self.assertIn('"event":"stopped"', log)
        self.assertLess(log.index('"event":"draining"'), log.index('"event":"drained"'))
        self.assertLess(log.index('"event":"drained"'), log.index('"event":"stopped"'))

    @staticmethod
    def _fresh_call(target, request):
        channel = grpc.insecure_channel(target)
        try:
            gm.modeling_grpc.ModelingServiceStub(channel).FitPanelModel(
                request, timeout=120 if SANITIZED else 10)
            return ("OK", "")
        except grpc.RpcError as e:
            return (e.code().name, e.details())
        finally:
            channel.close()

    @staticmethod
    def _health(channel):
        try:
            return gm.health_check(channel, MODELING, timeout=2)
        except grpc.RpcError:
            return "ERROR"


if __name__ == "__main__":
    unittest.main(verbosity=2)
