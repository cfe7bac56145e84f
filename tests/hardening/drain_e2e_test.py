"""SIGTERM drain under load on the real govmetrics-modeling binary.

Calls that cannot finish until the test lets them are put in flight: FitPanelModel by
reference to a dataset on a real govmetrics-workspace that the test has stopped (SIGSTOP,
and waited for until every thread of it has stopped: ServiceProcess.pause), so each call
waits on the workspace for its dataset's access check (GetDataset, made on every call,
even when the columns are cached). Their length does not depend on how fast any estimator
is (slow bootstraps held them before, and stopped holding them whenever the bootstrap got
faster). Signalling SIGSTOP without waiting for the stop was flaky under ctest -j3: a
loaded workspace still answered the held calls' GetDataset, so they ended at once and
never showed in flight.
Once the server reports them all in flight (govmetrics_server_in_flight_rpcs on /metrics),
SIGTERM is sent while light inline FitPanelModel calls keep arriving from other threads.
Then:
- health on the plaintext admin port turns NOT_SERVING while the held calls still wait;
- a call on a new connection is refused with UNAVAILABLE naming the drain;
- the workspace is resumed (SIGCONT), and every held call completes successfully with the
  inline fit's estimate;
- every light call either succeeds or is refused with UNAVAILABLE (never CANCELLED,
  INTERNAL, ...: nothing accepted is dropped);
- the process exits 0 within the grace period and logs draining -> drained -> stopped.
"""
import os
import signal
import sys
import tempfile
import threading
import unittest

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "workspace"))
from hardening_harness import (GovProcess, binary_path, fit_request, metric_value,  # noqa: E402
                               scrape, wait_until)
import workspace_harness as wh  # noqa: E402

import govmetrics_client as gm  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2_grpc as wgrpc  # noqa: E402

MODELING = "govmetrics.modeling.v1.ModelingService"
HELD_CALLS = 4
LIGHT_THREADS = 4
# Generous: the process exits as soon as the held calls finish.
DRAIN_SECONDS = 900
SANITIZED = bool(os.environ.get("GOVMETRICS_SANITIZER"))
LIGHT_BEFORE_SIGTERM = 4 if SANITIZED else 20
# Waits for progress (not timed assertions): generous, and more so when sanitized.
PATIENCE = 600 if SANITIZED else 60


def start_workspace(tmp: str) -> GovProcess:
    """A real workspace (SQLite) that knows the test agency's bearer token."""
    tokens = os.path.join(tmp, "tokens")
    with open(tokens, "w") as f:
        f.writelines(f"{agency} {token}\n" for agency, token in wh.TOKENS.items())
    return GovProcess(binary_path("govmetrics-workspace"), "--database=sqlite:workspace.db",
                      f"--data_dir={tmp}", f"--auth_tokens_file={tokens}",
                      "--allow_insecure_tokens").start()


def upload(workspace: GovProcess, panel) -> str:
    """The panel stored as a dataset; its name."""
    with grpc.insecure_channel(workspace.target) as channel:
        stub = wgrpc.WorkspaceServiceStub(channel)
        return stub.CreateDataset(wh.upload_requests(panel, 60), metadata=wh.auth("stats"),
                                  timeout=PATIENCE).dataset.name


class DrainEndToEnd(unittest.TestCase):
    def test_sigterm_drains_in_flight_calls_and_exits_zero(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        workspace = start_workspace(tmp.name)
        self.addCleanup(workspace.stop, signal.SIGKILL)
        self.addCleanup(workspace.resume)  # runs first
        server = GovProcess(binary_path("govmetrics-modeling"), f"--drain_seconds={DRAIN_SECONDS}",
                            f"--workspace_address={workspace.target}",
                            "--admin_listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0").start()
        self.addCleanup(server.stop, signal.SIGKILL)
        channel = grpc.insecure_channel(server.target)
        self.addCleanup(channel.close)
        stub = gm.modeling_grpc.ModelingServiceStub(channel)
        admin = grpc.insecure_channel(f"127.0.0.1:{server.admin_port}")
        self.addCleanup(admin.close)
        self.assertEqual(gm.health_check(admin, MODELING), "SERVING")

        light = fit_request()
        reference = stub.FitPanelModel(light, timeout=30)
        held = fit_request()
        held.dataset = upload(workspace, held.panel)
        held.ClearField("panel")
        # By reference, with the workspace running: the inline fit's estimate (and the
        # modeling server's channel to the workspace is open before the workspace stops).
        warm = stub.FitPanelModel(held, metadata=wh.auth("stats"), timeout=PATIENCE)
        self.assertEqual(warm.coefficients[0].estimate, reference.coefficients[0].estimate)
        workspace.pause()

        held_results = [None] * HELD_CALLS

        def held_call(i):
            try:
                held_results[i] = ("OK", stub.FitPanelModel(held, metadata=wh.auth("stats"),
                                                            timeout=DRAIN_SECONDS))
            except grpc.RpcError as e:  # recorded, asserted below
                held_results[i] = (e.code().name, e.details())

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

        held_threads = [threading.Thread(target=held_call, args=(i,)) for i in range(HELD_CALLS)]
        for t in held_threads:
            t.start()
        wait_until(lambda: self._all_in_flight(server, held_results), timeout=PATIENCE,
                   what="held calls in flight")
        light_threads = [threading.Thread(target=light_loop) for _ in range(LIGHT_THREADS)]
        for t in light_threads:
            t.start()
        wait_until(lambda: len(light_results) >= LIGHT_BEFORE_SIGTERM, timeout=PATIENCE,
                   what="light calls under way")

        server.process.send_signal(signal.SIGTERM)
        wait_until(lambda: self._health(admin) == "NOT_SERVING", timeout=PATIENCE,
                   what="NOT_SERVING on the admin port")
        # The held calls are still waiting: the drain has not cut them short.
        self.assertEqual(held_results, [None] * HELD_CALLS)
        # New work is refused with UNAVAILABLE (retryable) while the held calls wait.
        refusal = self._fresh_call(server.target, light)
        self.assertEqual(refusal[0], "UNAVAILABLE", refusal)
        self.assertIn("govmetrics-modeling is shutting down", refusal[1])
        self.assertEqual(held_results, [None] * HELD_CALLS)
        self.assertIsNone(server.process.poll())  # still draining, not exited

        workspace.resume()
        for t in held_threads:
            t.join(timeout=DRAIN_SECONDS + 60)
        stop_light.set()
        for t in light_threads:
            t.join(timeout=PATIENCE)
        self.assertEqual(server.process.wait(timeout=DRAIN_SECONDS + 30), 0)

        for i, result in enumerate(held_results):
            self.assertIsNotNone(result, f"held call {i} never returned")
            self.assertEqual(result[0], "OK", f"held call {i}: {result}")
            self.assertEqual(result[1].coefficients[0].estimate,
                             reference.coefficients[0].estimate)
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

    def _all_in_flight(self, server, held_results):
        """True once the server counts every held call in flight; fails at once if one of
        them has ended (it was not held)."""
        self.assertEqual(held_results, [None] * HELD_CALLS, "a held call ended")
        return metric_value(scrape(server.metrics_port),
                            "govmetrics_server_in_flight_rpcs") >= HELD_CALLS

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
