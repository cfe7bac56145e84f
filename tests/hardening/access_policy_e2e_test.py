"""End to end: the per-agency access policy (--access_policy_file) on the real binaries,
over mTLS with certificates made by openssl at test time.

- an agency named by its bearer token, and one named by its client certificate's SAN,
  each reach only the methods of their allow list; anything else is PERMISSION_DENIED
  naming the agency and the method;
- an agency without a block, and a certificate the policy does not map, are refused;
- rate limit (token bucket) and concurrency limit per agency: RESOURCE_EXHAUSTED with
  google.rpc.QuotaFailure and google.rpc.RetryInfo (the call that holds the agency's one
  slot reads a dataset from a real govmetrics-workspace the test has stopped, every thread
  of it (ServiceProcess.pause), so it runs until the test cancels it, however fast the
  estimators get);
- an agency's own row limit, lower than the server's;
- per-agency metrics and the audit log line (agency, method, fingerprint, rows, code,
  latency).
"""
import json
import os
import shutil
import sys
import tempfile
import unittest

import grpc
from google.rpc import error_details_pb2, status_pb2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "workspace"))
from hardening_harness import (GovProcess, binary_path, demo_panel, fit_request,  # noqa: E402
                               issue_client_certificate, make_pki, metric_value, read, scrape,
                               wait_until, SLOWDOWN)
import workspace_harness as wh  # noqa: E402

import govmetrics_client as gm  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2_grpc as wgrpc  # noqa: E402

TOKEN_A = "a" * 8 + "0123456789abcdef0123456789abcdef"  # agency-a: index only
TOKEN_B = "b" * 8 + "fedcba9876543210fedcba9876543210"  # agency-b: not in the policy
TOKEN_RATE = "r" * 8 + "00112233445566778899aabbccddeeff"  # slow-agency: 2 calls, then wait
TOKEN_ONE = "o" * 8 + "ffeeddccbbaa99887766554433221100"  # single-agency: 1 call at a time
SURVEY_SAN = "survey.agency.example"

POLICY = f"""# test policy
[agency agency-a]
allow = govmetrics.index.v1.IndexService/*
max_rows = 4

[agency survey-office]            # by client certificate
certificate_san = {SURVEY_SAN}
allow = govmetrics.modeling.v1.ModelingService/Describe*

[agency slow-agency]
allow = *
calls_per_second = 0.01
burst = 2

[agency single-agency]
allow = govmetrics.modeling.v1.ModelingService/*
max_concurrent_calls = 1
"""


def small_panel(rows=4):
    entity = ["A", "A", "B", "B", "C", "C"][:rows]
    return gm.panel_from_columns(entity=entity, period=[2020, 2021, 2020, 2021, 2020, 2021][:rows],
                                 columns={"x": [1, 2, 3, 4, 5, 6][:rows],
                                          "y": [9, 7, 8, 3, 2, 1][:rows]})


def index_request(rows=4):
    request = gm.index_pb2.ComputeIndexRequest(panel=small_panel(rows))
    request.indicators.add(column="x", direction=gm.index_pb2.DIRECTION_POSITIVE, dimension="d")
    request.indicators.add(column="y", direction=gm.index_pb2.DIRECTION_NEGATIVE, dimension="d")
    return request


def describe_request():
    return gm.modeling_pb2.DescribeVariablesRequest(panel=small_panel(), columns=["x", "y"])


def bearer(token):
    return (("authorization", f"Bearer {token}"),)


def detail(error, message):
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            for any_detail in status_pb2.Status.FromString(value).details:
                if any_detail.Unpack(message):
                    return message
    return None


class AccessPolicyEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="govmetrics-policy-")
        cls.pki = make_pki(cls.dir)
        cls.pki["survey"] = issue_client_certificate(cls.dir, "survey", "/CN=survey-office",
                                                     f"DNS:{SURVEY_SAN}")
        tokens = os.path.join(cls.dir, "tokens")
        with open(tokens, "w") as f:
            f.write(f"agency-a {TOKEN_A}\nagency-b {TOKEN_B}\nslow-agency {TOKEN_RATE}\n"
                    f"single-agency {TOKEN_ONE}\n")
        policy = os.path.join(cls.dir, "policy")
        with open(policy, "w") as f:
            f.write(POLICY)
        cert, key = cls.pki["server"]
        common = [f"--tls_cert={cert}", f"--tls_key={key}", f"--tls_client_ca={cls.pki['ca']}",
                  f"--auth_tokens_file={tokens}", f"--access_policy_file={policy}",
                  "--metrics_listen=127.0.0.1:0"]
        cls.workspace = GovProcess(binary_path("govmetrics-workspace"), "--database=sqlite:ws.db",
                                   f"--data_dir={cls.dir}", f"--auth_tokens_file={tokens}",
                                   "--allow_insecure_tokens").start()
        cls.index = GovProcess(binary_path("govmetrics-index"), *common).start()
        cls.modeling = GovProcess(binary_path("govmetrics-modeling"), *common,
                                  f"--workspace_address={cls.workspace.target}").start()
        with grpc.insecure_channel(cls.workspace.target) as channel:
            cls.dataset = wgrpc.WorkspaceServiceStub(channel).CreateDataset(
                wh.upload_requests(demo_panel(), 60), metadata=bearer(TOKEN_ONE),
                timeout=60 * SLOWDOWN).dataset.name

    @classmethod
    def tearDownClass(cls):
        cls.index.stop()
        cls.modeling.stop()
        cls.workspace.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def channel(self, server, client="client"):
        cert, key = self.pki[client]
        credentials = grpc.ssl_channel_credentials(
            root_certificates=read(self.pki["ca"]), private_key=read(key),
            certificate_chain=read(cert))
        channel = grpc.secure_channel(server.target, credentials)
        self.addCleanup(channel.close)
        return channel

    def index_stub(self, client="client"):
        return gm.index_grpc.IndexServiceStub(self.channel(self.index, client))

    def modeling_stub(self, client="client"):
        return gm.modeling_grpc.ModelingServiceStub(self.channel(self.modeling, client))

    def refused(self, call, code):
        with self.assertRaises(grpc.RpcError) as caught:
            call()
        self.assertEqual(caught.exception.code(), code, caught.exception.details())
        return caught.exception

    def test_token_agency_reaches_its_methods_only(self):
        response = self.index_stub().ComputeIndex(index_request(), timeout=20,
                                                  metadata=bearer(TOKEN_A))
        self.assertEqual(len(response.scores), 4)
        error = self.refused(lambda: self.modeling_stub().DescribeVariables(
            describe_request(), timeout=20, metadata=bearer(TOKEN_A)),
            grpc.StatusCode.PERMISSION_DENIED)
        self.assertIn("agency agency-a may not call "
                      "govmetrics.modeling.v1.ModelingService/DescribeVariables",
                      error.details())

    def test_certificate_agency_reaches_its_methods_only(self):
        response = self.modeling_stub("survey").DescribeVariables(describe_request(), timeout=20)
        self.assertTrue(response.variables)
        error = self.refused(lambda: self.index_stub("survey").ComputeIndex(
            index_request(), timeout=20), grpc.StatusCode.PERMISSION_DENIED)
        self.assertIn("agency survey-office may not call "
                      "govmetrics.index.v1.IndexService/ComputeIndex", error.details())

    def test_token_names_the_agency_even_with_a_mapped_certificate(self):
        # A gateway with its own certificate forwards its caller's token: the caller counts.
        error = self.refused(lambda: self.modeling_stub("survey").DescribeVariables(
            describe_request(), timeout=20, metadata=bearer(TOKEN_A)),
            grpc.StatusCode.PERMISSION_DENIED)
        self.assertIn("agency agency-a", error.details())

    def test_agency_without_a_block_is_denied(self):
        error = self.refused(lambda: self.index_stub().ComputeIndex(
            index_request(), timeout=20, metadata=bearer(TOKEN_B)),
            grpc.StatusCode.PERMISSION_DENIED)
        self.assertIn("agency agency-b may not call govmetrics.index.v1.IndexService/ComputeIndex",
                      error.details())

    def test_unmapped_certificate_without_token_is_unauthenticated(self):
        error = self.refused(lambda: self.index_stub().ComputeIndex(index_request(), timeout=20),
                             grpc.StatusCode.UNAUTHENTICATED)
        self.assertIn("Bearer", error.details())

    def test_agency_row_limit_below_the_server_limit(self):
        error = self.refused(lambda: self.index_stub().ComputeIndex(
            index_request(rows=6), timeout=20, metadata=bearer(TOKEN_A)),
            grpc.StatusCode.RESOURCE_EXHAUSTED)
        self.assertIn("over agency agency-a's limit of 4", error.details())
        self.assertIsNotNone(detail(error, error_details_pb2.QuotaFailure()))

    def test_rate_limit_refuses_past_the_burst_with_quota_failure_and_retry_info(self):
        stub = self.index_stub()
        for _ in range(2):  # the burst
            stub.ComputeIndex(index_request(), timeout=20, metadata=bearer(TOKEN_RATE))
        error = self.refused(lambda: stub.ComputeIndex(index_request(), timeout=20,
                                                       metadata=bearer(TOKEN_RATE)),
                             grpc.StatusCode.RESOURCE_EXHAUSTED)
        self.assertIn("agency slow-agency is over its rate limit", error.details())
        failure = detail(error, error_details_pb2.QuotaFailure())
        self.assertEqual(failure.violations[0].subject, "agency:slow-agency")
        retry = detail(error, error_details_pb2.RetryInfo())
        delay = retry.retry_delay.seconds + retry.retry_delay.nanos / 1e9
        self.assertGreater(delay, 1)       # 0.01 calls/s: a token every 100 s
        self.assertLessEqual(delay, 100)
        metrics = scrape(self.index.metrics_port)
        self.assertGreaterEqual(metric_value(metrics, "govmetrics_agency_quota_exceeded_total",
                                             agency="slow-agency", quota="rate"), 1)

    def test_concurrency_limit_refuses_a_second_call_while_one_runs(self):
        stub = self.modeling_stub()
        held = fit_request()
        held.ClearField("panel")
        held.dataset = self.dataset
        # The fit waits on the stopped workspace: it holds the agency's one slot until
        # cancelled below (first checked to run at all with the workspace up).
        self.assertTrue(stub.FitPanelModel(held, timeout=60 * SLOWDOWN,
                                           metadata=bearer(TOKEN_ONE)).coefficients)
        self.workspace.pause()
        try:
            running = stub.FitPanelModel.future(held, timeout=120 * SLOWDOWN,
                                                metadata=bearer(TOKEN_ONE))
            try:
                wait_until(lambda: self._held(running), timeout=30 * SLOWDOWN,
                           what="the held call to start")
                error = self.refused(lambda: stub.DescribeVariables(
                    describe_request(), timeout=20, metadata=bearer(TOKEN_ONE)),
                    grpc.StatusCode.RESOURCE_EXHAUSTED)
                self.assertIn("agency single-agency already has 1 calls in progress",
                              error.details())
                self.assertFalse(running.done())
                retry = detail(error, error_details_pb2.RetryInfo())
                self.assertEqual(retry.retry_delay.nanos, 500_000_000)
                self.assertIsNotNone(detail(error, error_details_pb2.QuotaFailure()))
            finally:
                running.cancel()
        finally:
            self.workspace.resume()
        # The slot comes back when the call ends.
        wait_until(lambda: self._describe_ok(stub), timeout=60 * SLOWDOWN,
                   what="the agency's slot to be released")

    def _held(self, running):
        """True once the modeling server counts the held call in flight; fails at once if
        the call has ended (it was not held)."""
        self.assertFalse(running.done(), "the held call ended")
        return metric_value(scrape(self.modeling.metrics_port),
                            "govmetrics_server_in_flight_rpcs") >= 1

    def _describe_ok(self, stub):
        try:
            stub.DescribeVariables(describe_request(), timeout=20, metadata=bearer(TOKEN_ONE))
            return True
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.RESOURCE_EXHAUSTED:
                raise
            return False

    def test_metrics_and_audit_log_name_the_agency(self):
        stub = self.index_stub()
        stub.ComputeIndex(index_request(), timeout=20, metadata=bearer(TOKEN_A))
        with self.assertRaises(grpc.RpcError):
            stub.ComputeIndex(index_request(), timeout=20,
                              metadata=bearer(TOKEN_A[:-1] + "x"))
        metrics = scrape(self.index.metrics_port)
        self.assertGreaterEqual(metric_value(metrics, "govmetrics_agency_calls_total",
                                             agency="agency-a", grpc_method="ComputeIndex",
                                             grpc_code="OK"), 1)
        self.assertGreaterEqual(metric_value(metrics, "govmetrics_agency_calls_total",
                                             agency="unauthenticated",
                                             grpc_code="Unauthenticated"), 1)
        # Written before the response left, but read from the pipe by a thread here.
        audit = wait_until(lambda: self._audit_lines("agency-a"), timeout=30 * SLOWDOWN,
                           what="the audit log line")
        for key in ("agency", "method", "input_fingerprint", "rows", "code", "latency_ms",
                    "request_id"):
            self.assertIn(key, audit[-1])
        self.assertEqual(audit[-1]["rows"], 4)
        self.assertEqual(len(audit[-1]["input_fingerprint"]), 64)
        self.assertNotIn(TOKEN_A, self.index.log())

    def _audit_lines(self, agency):
        lines = [json.loads(line) for line in self.index.log().splitlines()
                 if line.startswith("{")]
        return [line for line in lines if line.get("event") == "rpc"
                and line.get("agency") == agency and line.get("code") == "OK"]


if __name__ == "__main__":
    unittest.main(verbosity=2)
