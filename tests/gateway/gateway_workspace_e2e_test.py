"""The workspace and google.longrunning.Operations through the HTTP/JSON gateway, with no
gateway code for them: their google.api.http annotations are the whole mapping. Real
binaries (index, modeling, reporting, workspace on SQLite, gateway); datasets are uploaded
over gRPC (client streaming has no HTTP/1.1 binding) and everything else is read over
HTTP and compared with the same call over gRPC."""
import json
import os
import sys
import tempfile
import time
import unittest

import grpc
from google.protobuf import json_format

HERE = os.path.dirname(__file__)
sys.path.insert(0, os.path.join(HERE, "..", "workspace"))
sys.path.insert(0, HERE)
import workspace_harness as wh  # noqa: E402
from gateway_e2e_test import http, sse_events, canonical  # noqa: E402
from harness import ServiceProcess, binary_path  # noqa: E402

from google.longrunning import operations_pb2 as opb  # noqa: E402
from google.longrunning import operations_pb2_grpc as ogrpc  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2 as wpb  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2_grpc as wgrpc  # noqa: E402


def bearer(agency):
    return {"Authorization": f"Bearer {wh.TOKENS[agency]}"}


class GatewayWorkspace(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.stack = wh.Stack(cls.tmp.name)
        workspace = cls.stack.workspace("sqlite:workspace.db")
        cls.gateway = ServiceProcess(
            binary_path("govmetrics-gateway"), "--allow_insecure_tokens",
            f"--backends=workspace={workspace.target},google.longrunning.Operations={workspace.target}").start()
        cls.base = f"http://{cls.gateway.target}"
        cls.channel = grpc.insecure_channel(workspace.target)
        cls.ws = wgrpc.WorkspaceServiceStub(cls.channel)
        cls.ops = ogrpc.OperationsStub(cls.channel)
        cls.dataset = cls.ws.CreateDataset(wh.upload_requests(wh.load_panel(), 50),
                                           metadata=wh.auth("stats")).dataset

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.gateway.stop()
        cls.stack.stop()
        cls.tmp.cleanup()

    def test_get_and_list_datasets_match_grpc(self):
        status, _, reply = http("GET", f"{self.base}/v1/{self.dataset.name}", headers=bearer("stats"))
        self.assertEqual(status, 200, reply)
        over_grpc = self.ws.GetDataset(wpb.GetDatasetRequest(name=self.dataset.name), metadata=wh.auth("stats"))
        self.assertEqual(canonical(json_format.ParseDict(reply, wpb.GetDatasetResponse())), canonical(over_grpc))
        status, _, listed = http("GET", f"{self.base}/v1/datasets?pageSize=10", headers=bearer("stats"))
        self.assertEqual(status, 200, listed)
        self.assertIn(self.dataset.name, [d["name"] for d in listed["datasets"]])

    def test_another_agency_gets_404_with_resource_info(self):
        status, _, reply = http("GET", f"{self.base}/v1/{self.dataset.name}", headers=bearer("treasury"))
        self.assertEqual((status, reply["error"]["status"]), (404, "NOT_FOUND"))
        self.assertIn("type.googleapis.com/google.rpc.ResourceInfo", [d["@type"] for d in reply["error"]["details"]])
        status, _, reply = http("GET", f"{self.base}/v1/{self.dataset.name}")  # no token
        self.assertEqual((status, reply["error"]["status"]), (401, "UNAUTHENTICATED"))

    def test_read_dataset_streams_every_chunk_as_events(self):
        status, _, text = http("GET", f"{self.base}/v1/{self.dataset.name}:read?columns=pm25",
                               headers=bearer("stats"))
        self.assertEqual(status, 200, text)
        events = sse_events(text)
        self.assertEqual(events[-1][0], "end")
        values = [v for kind, data in events[:-1] for v in data["chunk"]["columns"][0]["values"]]
        over_grpc = self.ws.ReadDataset(wpb.ReadDatasetRequest(name=self.dataset.name, columns=["pm25"]),
                                        metadata=wh.auth("stats"))
        self.assertEqual(values, [v for c in over_grpc for v in c.chunk.columns[0].values])
        self.assertEqual(len(values), 217)

    def test_share_then_a_study_operation_runs_to_its_result(self):
        status, _, reply = http("POST", f"{self.base}/v1/{self.dataset.name}:share", {"agency": "treasury"},
                                headers=bearer("stats"))
        self.assertEqual(status, 200, reply)
        status, _, reply = http("GET", f"{self.base}/v1/{self.dataset.name}", headers=bearer("treasury"))
        self.assertEqual(status, 200, reply)
        spec = json_format.MessageToDict(wh.demo_spec())
        status, _, operation = http("POST", f"{self.base}/v1/studies", {"dataset": self.dataset.name, "spec": spec},
                                    headers=bearer("stats"))
        self.assertEqual(status, 200, operation)
        self.assertTrue(operation["name"].startswith("operations/"))
        status, _, waited = http("POST", f"{self.base}/v1/{operation['name']}:wait", {"timeout": "300s"},
                                 headers={**bearer("stats"), "X-Server-Timeout": "310"})
        self.assertEqual(status, 200, waited)
        self.assertTrue(waited["done"], waited)
        self.assertIn("response", waited, waited)
        status, _, got = http("GET", f"{self.base}/v1/{operation['name']}", headers=bearer("stats"))
        over_grpc = self.ops.GetOperation(opb.GetOperationRequest(name=operation["name"]), metadata=wh.auth("stats"))
        self.assertEqual(canonical(json_format.ParseDict(got, opb.Operation())), canonical(over_grpc))
        status, _, listed = http("GET", f"{self.base}/v1/operations?filter=done%3Dtrue", headers=bearer("stats"))
        self.assertEqual(status, 200, listed)
        self.assertIn(operation["name"], [o["name"] for o in listed["operations"]])


if __name__ == "__main__":
    unittest.main(verbosity=2)
