"""End to end: TLS, mTLS and bearer tokens on the real binaries, with certificates made by
openssl at test time.

- mTLS + token: calls work; the log names the agency and the client certificate, never
  the token;
- no client certificate, a certificate from another CA, or a plaintext client: refused
  (UNAVAILABLE: the handshake fails);
- missing / unknown token: UNAUTHENTICATED; health needs no token; the plaintext admin
  port answers health;
- startup refuses tokens over plaintext unless --allow_insecure_tokens, and unreadable
  certificate files;
- reporting calls index and modeling over mTLS with its --downstream_* flags, and its
  /metrics shows grpc_client_* for those calls;
- the `govmetrics` CLI reaches the mTLS + token server with --ca/--cert/--key and
  --token-file (or GOVMETRICS_TOKEN), and reports UNAUTHENTICATED without a token.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hardening_harness import (GovProcess, binary_path, demo_study_request, make_pki,  # noqa: E402
                               metric_value, read, run_to_exit, scrape)

import govmetrics_client as gm  # noqa: E402
from govmetrics.reporting.v1 import reporting_service_pb2_grpc as reporting_grpc  # noqa: E402

TOKEN_A = "a" * 8 + "0123456789abcdef0123456789abcdef"
TOKEN_B = "b" * 8 + "fedcba9876543210fedcba9876543210"
INDEX = "govmetrics.index.v1.IndexService"
OPTIONS = [("grpc.max_receive_message_length", 256 << 20)]


def index_request():
    panel = gm.panel_from_columns(
        entity=["A", "A", "B", "B", "C", "C"], period=[2020, 2021] * 3,
        columns={"x": [1, 2, 3, 4, 5, 6], "y": [9, 7, 8, 3, 2, 1]})
    request = gm.index_pb2.ComputeIndexRequest(panel=panel)
    request.indicators.add(column="x", direction=gm.index_pb2.DIRECTION_POSITIVE, dimension="d")
    request.indicators.add(column="y", direction=gm.index_pb2.DIRECTION_NEGATIVE, dimension="d")
    return request


class SecurityEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="govmetrics-pki-")
        cls.pki = make_pki(cls.dir)
        cls.tokens = os.path.join(cls.dir, "tokens")
        with open(cls.tokens, "w") as f:
            f.write(f"# test agencies\nagency-a {TOKEN_A}\nagency-b {TOKEN_B}\n")
        cert, key = cls.pki["server"]
        cls.tls_args = [f"--tls_cert={cert}", f"--tls_key={key}",
                        f"--tls_client_ca={cls.pki['ca']}"]
        cls.index = GovProcess(binary_path("govmetrics-index"), *cls.tls_args,
                               f"--auth_tokens_file={cls.tokens}", "--admin_listen=127.0.0.1:0",
                               "--metrics_listen=127.0.0.1:0").start()

    @classmethod
    def tearDownClass(cls):
        cls.index.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def credentials(self, client="client", ca=None):
        ca = ca or self.pki["ca"]
        if client is None:
            return grpc.ssl_channel_credentials(root_certificates=read(ca))
        cert, key = self.pki[client]
        return grpc.ssl_channel_credentials(root_certificates=read(ca), private_key=read(key),
                                            certificate_chain=read(cert))

    def stub(self, credentials, target=None):
        channel = grpc.secure_channel(target or self.index.target, credentials, options=OPTIONS)
        self.addCleanup(channel.close)
        return gm.index_grpc.IndexServiceStub(channel), channel

    def test_mtls_with_token_computes_the_index(self):
        stub, _ = self.stub(self.credentials())
        response = stub.ComputeIndex(index_request(), timeout=20,
                                     metadata=(("authorization", f"Bearer {TOKEN_A}"),))
        self.assertEqual(len(response.scores), 6)

    def test_mtls_without_token_is_unauthenticated(self):
        stub, _ = self.stub(self.credentials())
        with self.assertRaises(grpc.RpcError) as caught:
            stub.ComputeIndex(index_request(), timeout=20)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAUTHENTICATED)

    def test_unknown_token_is_unauthenticated(self):
        stub, _ = self.stub(self.credentials())
        with self.assertRaises(grpc.RpcError) as caught:
            stub.ComputeIndex(index_request(), timeout=20,
                              metadata=(("authorization", "Bearer guess-guess-guess-guess"),))
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
        self.assertNotIn("guess", caught.exception.details())

    def run_cli(self, *extra, env_token=None):
        data = os.path.join(self.dir, "panel.csv")
        with open(data, "w") as f:
            f.write("entity,year,x,y\nA,2020,1,9\nA,2021,2,7\nB,2020,3,8\nB,2021,4,3\n"
                    "C,2020,5,2\nC,2021,6,1\n")
        cert, key = self.pki["client"]
        env = {k: v for k, v in os.environ.items() if k != "GOVMETRICS_TOKEN"}
        if env_token:
            env["GOVMETRICS_TOKEN"] = env_token
        return subprocess.run(
            [binary_path("govmetrics"), "index", "--data", data, "--entity", "entity",
             "--period", "year", "--positive", "x", "--negative", "y",
             "--target", self.index.target, "--ca", self.pki["ca"], "--cert", cert,
             "--key", key, *extra], capture_output=True, text=True, timeout=60, env=env)

    def test_cli_with_client_certificate_and_token_file_computes_the_index(self):
        token_file = os.path.join(self.dir, "agency-a.token")
        with open(token_file, "w") as f:
            f.write(TOKEN_A + "\n")
        done = self.run_cli("--token-file", token_file)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("x", done.stdout)
        via_env = self.run_cli(env_token=TOKEN_B)
        self.assertEqual(via_env.returncode, 0, via_env.stderr)
        self.assertEqual(via_env.stdout, done.stdout)

    def test_cli_without_token_reports_unauthenticated(self):
        done = self.run_cli()
        self.assertEqual(done.returncode, 1)
        self.assertIn("UNAUTHENTICATED", done.stderr)

    def test_client_without_certificate_is_refused(self):
        stub, _ = self.stub(self.credentials(client=None))
        with self.assertRaises(grpc.RpcError) as caught:
            stub.ComputeIndex(index_request(), timeout=20,
                              metadata=(("authorization", f"Bearer {TOKEN_A}"),))
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAVAILABLE)

    def test_client_certificate_from_another_ca_is_refused(self):
        stub, _ = self.stub(self.credentials(client="rogue_client"))
        with self.assertRaises(grpc.RpcError) as caught:
            stub.ComputeIndex(index_request(), timeout=20,
                              metadata=(("authorization", f"Bearer {TOKEN_A}"),))
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAVAILABLE)

    def test_plaintext_client_is_refused(self):
        channel = grpc.insecure_channel(self.index.target)
        self.addCleanup(channel.close)
        with self.assertRaises(grpc.RpcError) as caught:
            gm.index_grpc.IndexServiceStub(channel).ComputeIndex(
                index_request(), timeout=20, metadata=(("authorization", f"Bearer {TOKEN_A}"),))
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAVAILABLE)

    def test_health_needs_no_token_and_admin_port_is_plaintext(self):
        _, channel = self.stub(self.credentials())
        self.assertEqual(gm.health_check(channel, INDEX), "SERVING")
        admin = grpc.insecure_channel(f"127.0.0.1:{self.index.admin_port}")
        self.addCleanup(admin.close)
        self.assertEqual(gm.health_check(admin, INDEX), "SERVING")

    def test_log_names_agency_and_certificate_but_never_the_token(self):
        stub, _ = self.stub(self.credentials())
        stub.ComputeIndex(index_request(), timeout=20,
                          metadata=(("authorization", f"Bearer {TOKEN_B}"),
                                    ("x-request-id", "log-test-accepted")))
        with self.assertRaises(grpc.RpcError):
            stub.ComputeIndex(index_request(), timeout=20,
                              metadata=(("authorization", f"Bearer {TOKEN_B}x"),
                                        ("x-request-id", "log-test-refused")))
        # Both calls' lines (written before the responses left, read by a thread here).
        log = self.index.wait_for_log('"request_id":"log-test-accepted"',
                                      '"request_id":"log-test-refused"')
        self.assertIn('"agency":"agency-b"', log)
        self.assertIn('"client_cert":"agency-a"', log)
        self.assertNotIn(TOKEN_A, log)
        self.assertNotIn(TOKEN_B, log)

    def test_metrics_count_calls_by_method_and_code(self):
        before = scrape(self.index.metrics_port)
        stub, _ = self.stub(self.credentials())
        stub.ComputeIndex(index_request(), timeout=20,
                          metadata=(("authorization", f"Bearer {TOKEN_A}"),))
        with self.assertRaises(grpc.RpcError):
            stub.ComputeIndex(index_request(), timeout=20)
        after = scrape(self.index.metrics_port)
        labels = dict(grpc_service=INDEX, grpc_method="ComputeIndex", grpc_type="unary")
        for name, code, delta in (("grpc_server_handled_total", "OK", 1),
                                  ("grpc_server_handled_total", "Unauthenticated", 1)):
            self.assertEqual(metric_value(after, name, grpc_code=code, **labels)
                             - metric_value(before, name, grpc_code=code, **labels), delta, code)
        self.assertEqual(metric_value(after, "grpc_server_started_total", **labels)
                         - metric_value(before, "grpc_server_started_total", **labels), 2)
        self.assertEqual(metric_value(after, "grpc_server_handling_seconds_count", **labels)
                         - metric_value(before, "grpc_server_handling_seconds_count", **labels), 2)
        # Every method is exported from the start (zero), not only after its first call.
        self.assertIn('grpc_method="ComputeCouplingCoordination"', after)
        self.assertGreater(metric_value(after, "process_resident_memory_bytes"), 1e6)
        self.assertGreater(metric_value(after, "process_open_fds"), 0)
        self.assertGreater(metric_value(after, "process_start_time_seconds"), 1.6e9)
        self.assertIn("# TYPE process_cpu_seconds_total counter", after)

    def test_tokens_over_plaintext_are_refused_at_startup(self):
        result = run_to_exit(binary_path("govmetrics-index"), f"--auth_tokens_file={self.tokens}")
        self.assertEqual(result.returncode, 1)
        self.assertIn("--allow_insecure_tokens", result.stderr)
        self.assertNotIn(TOKEN_A, result.stderr + result.stdout)

    def test_tokens_over_plaintext_start_when_explicitly_allowed(self):
        server = GovProcess(binary_path("govmetrics-index"), f"--auth_tokens_file={self.tokens}",
                            "--allow_insecure_tokens").start()
        try:
            channel = grpc.insecure_channel(server.target)
            self.addCleanup(channel.close)
            stub = gm.index_grpc.IndexServiceStub(channel)
            with self.assertRaises(grpc.RpcError) as caught:
                stub.ComputeIndex(index_request(), timeout=20)
            self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
            stub.ComputeIndex(index_request(), timeout=20,
                              metadata=(("authorization", f"Bearer {TOKEN_A}"),))
        finally:
            self.assertEqual(server.stop(), 0)

    def test_unreadable_certificate_fails_startup_naming_the_flag(self):
        result = run_to_exit(binary_path("govmetrics-index"), "--tls_cert=/nonexistent.crt",
                             f"--tls_key={self.pki['server'][1]}")
        self.assertEqual(result.returncode, 1)
        self.assertIn("--tls_cert", result.stderr)

    def test_reporting_reaches_index_and_modeling_over_mtls(self):
        modeling = GovProcess(binary_path("govmetrics-modeling"), *self.tls_args).start()
        self.addCleanup(modeling.stop)
        index = GovProcess(binary_path("govmetrics-index"), *self.tls_args).start()
        self.addCleanup(index.stop)
        cert, key = self.pki["client"]
        reporting = GovProcess(
            binary_path("govmetrics-reporting"), *self.tls_args,
            f"--auth_tokens_file={self.tokens}", "--metrics_listen=127.0.0.1:0",
            f"--index_target={index.target}", f"--modeling_target={modeling.target}",
            f"--downstream_tls_cert={cert}", f"--downstream_tls_key={key}",
            f"--downstream_ca={self.pki['ca']}").start()
        self.addCleanup(reporting.stop)
        channel = grpc.secure_channel(reporting.target, self.credentials(), options=OPTIONS)
        self.addCleanup(channel.close)
        stub = reporting_grpc.ReportingServiceStub(channel)
        response = stub.RunStudy(demo_study_request(), timeout=120,
                                 metadata=(("authorization", f"Bearer {TOKEN_A}"),))
        self.assertTrue(response.report.title)
        metrics = scrape(reporting.metrics_port)
        self.assertGreater(metric_value(metrics, "grpc_client_handled_total", grpc_code="OK",
                                        grpc_method="ComputeIndex"), 0)
        self.assertGreater(metric_value(metrics, "grpc_client_handled_total", grpc_code="OK",
                                        grpc_method="FitPanelModel"), 0)
        self.assertEqual(metric_value(metrics, "grpc_client_handled_total",
                                      grpc_code="Unavailable"), 0)
        reporting.wait_for_log('"agency":"agency-a"')

    def test_reporting_without_downstream_credentials_cannot_reach_mtls_services(self):
        index = GovProcess(binary_path("govmetrics-index"), *self.tls_args).start()
        self.addCleanup(index.stop)
        modeling = GovProcess(binary_path("govmetrics-modeling"), *self.tls_args).start()
        self.addCleanup(modeling.stop)
        reporting = GovProcess(binary_path("govmetrics-reporting"),
                               f"--index_target={index.target}",
                               f"--modeling_target={modeling.target}").start()
        self.addCleanup(reporting.stop)
        channel = grpc.insecure_channel(reporting.target, options=OPTIONS)
        self.addCleanup(channel.close)
        with self.assertRaises(grpc.RpcError) as caught:
            reporting_grpc.ReportingServiceStub(channel).RunStudy(demo_study_request(), timeout=60)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAVAILABLE)
        self.assertIn("index service", caught.exception.details())


if __name__ == "__main__":
    unittest.main(verbosity=2)
