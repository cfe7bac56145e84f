"""The installed client against the real binaries: a whole study streamed with progress
(blocking and asyncio), and a server that wants mutual TLS and a bearer token."""
import asyncio
import unittest

import grpc
from google.protobuf import json_format

import govmetrics_client as gm
import govmetrics_client.aio as gm_aio
from support import ServiceProcess, binary_path, make_certs, repo_path
from test_services import index_request

STEPS = ["indices", "scores", "descriptives", "baseline", "robustness", "mechanism", "heterogeneity", "moderation", "endogeneity", "spatio_temporal", "spatial", "threshold", "render"]


def demo_study():
    spec = gm.study_spec_pb2.StudySpec()
    with open(repo_path("data", "demo", "study_spec_en.json"), encoding="utf-8") as f:
        json_format.Parse(f.read(), spec)
    spec.bootstrap.replications = 49
    spec.permutations = 49
    panel = gm.read_panel_csv(repo_path("data", "demo", "study_panel.csv"), "entity", "year")
    return gm.reporting_pb2.StreamStudyRequest(panel=panel, spec=spec)


class Study(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.index = ServiceProcess(binary_path("govmetrics-index")).start()
        cls.modeling = ServiceProcess(binary_path("govmetrics-modeling")).start()
        cls.reporting = ServiceProcess(binary_path("govmetrics-reporting"),
                                       f"--index_target={cls.index.target}",
                                       f"--modeling_target={cls.modeling.target}").start()

    @classmethod
    def tearDownClass(cls):
        for s in (cls.reporting, cls.modeling, cls.index):
            s.stop()

    def test_stream_study_reports_progress_then_the_report(self):
        seen = []
        with gm.ReportingClient(self.reporting.target, timeout=120) as reporting:
            result = gm.run_study_with_progress(reporting, demo_study(), on_progress=seen.append)
        self.assertEqual([p.step for p in seen], STEPS)
        self.assertEqual(seen[-1].completed, seen[-1].total)
        self.assertIn("report.html", {d.file_name for d in result.documents})

    def test_asyncio_stream_is_an_async_iterator(self):
        async def run():
            async with gm_aio.ReportingClient(self.reporting.target, timeout=120) as reporting:
                return [event async for event in reporting.stream_study(demo_study())]
        events = asyncio.run(run())
        self.assertEqual([e.progress.step for e in events if e.HasField("progress")], STEPS)
        self.assertTrue(events[-1].HasField("result"))


class Security(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.certs = make_certs()
        d = cls.certs.name
        cls.server = ServiceProcess(binary_path("govmetrics-index"), f"--tls_cert={d}/server.crt",
                                    f"--tls_key={d}/server.key", f"--tls_client_ca={d}/ca.crt",
                                    f"--auth_tokens_file={d}/tokens").start()
        with open(f"{d}/token", encoding="utf-8") as f:
            cls.token = f.read().strip()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.certs.cleanup()

    def client(self, **kwargs):
        d = self.certs.name
        return gm.IndexClient(self.server.target, ca=f"{d}/ca.crt", timeout=10, **kwargs)

    def test_mutual_tls_and_token_are_accepted(self):
        d = self.certs.name
        with self.client(cert=f"{d}/client.crt", key=f"{d}/client.key", token=self.token) as index:
            self.assertEqual(len(index.compute_index(index_request()).scores), 6)

    def test_a_missing_token_is_unauthenticated(self):
        d = self.certs.name
        with self.client(cert=f"{d}/client.crt", key=f"{d}/client.key") as index:
            with self.assertRaises(gm.GovmetricsError) as caught:
                index.compute_index(index_request())
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAUTHENTICATED)

    def test_without_a_client_certificate_the_handshake_fails(self):
        with self.client(token=self.token, retry=False) as index:
            with self.assertRaises(gm.GovmetricsError) as caught:
                index.compute_index(index_request())
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAVAILABLE)

    def test_a_token_is_not_sent_in_plaintext_unless_asked(self):
        with self.assertRaises(ValueError):
            gm.IndexClient("127.0.0.1:1", token="t")
        gm.IndexClient("127.0.0.1:1", token="t", insecure_token=True).close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
