"""The workspace and google.longrunning.Operations through the HTTP/JSON gateway, with no
gateway code for them: their google.api.http annotations are the whole mapping. Real
binaries (index, modeling, reporting, workspace on SQLite, gateway); datasets are uploaded
over gRPC (client streaming has no HTTP/1.1 binding) and everything else is read over
HTTP and compared with the same call over gRPC."""
from http import client as http_client
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
from gateway_e2e_test import ROOT, http, sse_events, canonical  # noqa: E402
from harness import ServiceProcess, binary_path  # noqa: E402

from google.longrunning import operations_pb2 as opb  # noqa: E402
from google.longrunning import operations_pb2_grpc as ogrpc  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2 as wpb  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2_grpc as wgrpc  # noqa: E402


def bearer(agency):
    return {"Authorization": f"Bearer {wh.TOKENS[agency]}"}


def logged_calls(process, method, code):
    """Calls of `method` a server logged with `code` (one JSON line per RPC)."""
    return sum(1 for line in process.stderr_lines if f'"{method}"' in line and f'"code":"{code}"' in line)


def wait_for_logged_call(process, method, code, already, seconds=60):
    """Waits (up to `seconds`) until `process` logs one more `method` call ending `code`."""
    deadline = time.monotonic() + seconds
    while logged_calls(process, method, code) == already and time.monotonic() < deadline:
        time.sleep(0.1)
    return logged_calls(process, method, code) == already + 1


class GatewayWorkspace(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.stack = wh.Stack(cls.tmp.name)
        workspace = cls.stack.workspace("sqlite:workspace.db", on_workspace_port=True)
        cls.workspace = workspace
        cls.gateway = ServiceProcess(
            binary_path("govmetrics-gateway"), "--allow_insecure_tokens", "--max_body_mb=1",
            f"--backends=workspace={workspace.target},google.longrunning.Operations={workspace.target},"
            f"modeling={cls.stack.modeling.target}").start()
        cls.base = f"http://{cls.gateway.target}"
        cls.channel = grpc.insecure_channel(workspace.target)
        cls.ws = wgrpc.WorkspaceServiceStub(cls.channel)
        cls.ops = ogrpc.OperationsStub(cls.channel)
        cls.dataset = cls.ws.CreateDataset(wh.upload_requests(wh.load_panel(), 50),
                                           metadata=wh.auth("stats")).dataset
        # A replica with no study workers: its studies stay PENDING, for watches that cannot
        # finish (deadline, client gone). Its gateway sends keep-alives often.
        cls.idle_workspace = cls.stack.workspace("sqlite:idle.db", "--study_workers=0")
        # A gateway whose body limit is far above the memory a streamed CSV should take.
        cls.big_gateway = ServiceProcess(
            binary_path("govmetrics-gateway"), "--allow_insecure_tokens", "--max_body_mb=512",
            f"--backends=workspace={workspace.target}").start()
        cls.idle_gateway = ServiceProcess(
            binary_path("govmetrics-gateway"), "--allow_insecure_tokens", "--sse_keepalive_seconds=0.2",
            f"--backends=workspace={cls.idle_workspace.target},"
            f"google.longrunning.Operations={cls.idle_workspace.target}").start()

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.idle_gateway.stop()
        cls.big_gateway.stop()
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

    def test_fit_by_reference_over_http_equals_the_inline_fit(self):
        """A `dataset` in the JSON body in place of `panel`: transcoded like any field."""
        fit = {"dependent": "egov_service_quality", "regressors": ["openness", "urbanization"],
               "model": {"fixedEffects": "FIXED_EFFECTS_TWO_WAY"}}
        status, _, by_reference = http("POST", f"{self.base}/v1/panelModel:fit",
                                       {**fit, "dataset": self.dataset.name}, headers=bearer("stats"))
        self.assertEqual(status, 200, by_reference)
        panel = json_format.MessageToDict(wh.load_panel())
        status, _, inline = http("POST", f"{self.base}/v1/panelModel:fit", {**fit, "panel": panel},
                                 headers=bearer("stats"))
        self.assertEqual(status, 200, inline)
        self.assertEqual(by_reference, inline)
        self.assertEqual(by_reference["provenance"]["inputFingerprint"], self.dataset.fingerprint)
        status, _, refused = http("POST", f"{self.base}/v1/panelModel:fit",
                                  {**fit, "dataset": self.dataset.name}, headers=bearer("treasury"))
        self.assertEqual((status, refused["error"]["status"]), (404, "NOT_FOUND"))

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

    # ---- GET /v1/operations/{id}:watch: an operation's progress as server-sent events ----

    def watch(self, name, base=None, agency="stats", timeout="300", query=""):
        status, headers, body = http("GET", f"{base or self.base}/v1/{name}:watch{query}",
                                     headers={**bearer(agency), "X-Server-Timeout": timeout})
        return status, headers, body

    def start_study(self):
        spec = json_format.MessageToDict(wh.demo_spec())
        status, _, operation = http("POST", f"{self.base}/v1/studies", {"dataset": self.dataset.name, "spec": spec},
                                    headers=bearer("stats"))
        self.assertEqual(status, 200, operation)
        return operation["name"]

    def recorded_progress(self, name):
        """The progress events the finished operation's metadata holds (over gRPC)."""
        operation = self.ops.GetOperation(opb.GetOperationRequest(name=name), metadata=wh.auth("stats"))
        metadata = wpb.StudyMetadata()
        operation.metadata.Unpack(metadata)
        return operation, [json_format.MessageToDict(p) for p in metadata.progress]

    def test_watch_delivers_every_progress_event_then_the_finished_operation(self):
        name = self.start_study()
        status, headers, text = self.watch(name)
        self.assertEqual(status, 200, text)
        self.assertTrue(headers["Content-Type"].startswith("text/event-stream"))
        events = sse_events(text)
        self.assertEqual(events[-1][0], "end", events[-1])
        self.assertTrue(all(kind == "message" for kind, _ in events[:-1]))
        messages = [json_format.ParseDict(data, wpb.WatchOperationResponse()) for _, data in events[:-1]]
        # The finished operation last, equal to GetOperation's; any other operation message
        # is the state when the watch started, first and not done.
        finished, recorded = self.recorded_progress(name)
        self.assertEqual(canonical(messages[-1].operation), canonical(finished))
        self.assertTrue(finished.done and finished.HasField("response"), finished)
        operations = [i for i, m in enumerate(messages) if m.HasField("operation")]
        self.assertIn(operations, ([0, len(messages) - 1], [len(messages) - 1]))
        self.assertFalse(messages[0].operation.done if len(operations) == 2 else False)
        # Every progress event the study recorded arrived, once, in order, and the study
        # got to its last step.
        progress = [json_format.MessageToDict(m.progress) for m in messages if m.HasField("progress")]
        self.assertEqual(progress, recorded)
        self.assertGreaterEqual(len(progress), 3)
        self.assertEqual([p["completed"] for p in progress], list(range(1, len(progress) + 1)))
        self.assertEqual(progress[-1]["completed"], progress[-1]["total"])
        # A client that reconnects after 2 events gets the rest.
        status, _, text = self.watch(name, query="?progressSeen=2")
        self.assertEqual(status, 200, text)
        again = [data for _, data in sse_events(text)[:-1]]
        self.assertEqual([d["progress"] for d in again if "progress" in d], recorded[2:])
        self.assertTrue(again[-1]["operation"]["done"])

    def test_watch_refusals_get_their_http_status(self):
        name = self.start_study()
        status, _, reply = self.watch(name, agency="treasury")
        self.assertEqual((status, reply["error"]["status"]), (404, "NOT_FOUND"), reply)
        status, _, reply = self.watch("operations/no-such-operation")
        self.assertEqual((status, reply["error"]["status"]), (404, "NOT_FOUND"), reply)
        status, _, reply = self.watch(name, query="?progressSeen=-1")
        self.assertEqual((status, reply["error"]["status"]), (400, "INVALID_ARGUMENT"), reply)
        self.assertEqual(reply["error"]["details"][0]["fieldViolations"][0]["field"], "progress_seen")

    def idle_study(self):
        """A study on the replica without workers: it stays PENDING."""
        idle = wgrpc.WorkspaceServiceStub(grpc.insecure_channel(self.idle_workspace.target))
        dataset = idle.CreateDataset(wh.upload_requests(wh.load_panel(), 100), metadata=wh.auth("stats")).dataset
        operation = idle.CreateStudy(wpb.CreateStudyRequest(dataset=dataset.name, spec=wh.demo_spec()),
                                     metadata=wh.auth("stats"))
        return operation.name

    def test_watch_ends_at_the_callers_deadline(self):
        name = self.idle_study()
        status, _, text = self.watch(name, base=f"http://{self.idle_gateway.target}", timeout="1.5")
        self.assertEqual(status, 200, text)
        events = sse_events(text)
        self.assertEqual(events[0][0], "message")
        self.assertFalse(events[0][1]["operation"].get("done", False))
        self.assertEqual(events[-1][0], "error", events)
        self.assertEqual((events[-1][1]["error"]["code"], events[-1][1]["error"]["status"]), (504, "DEADLINE_EXCEEDED"))

    def test_a_client_that_goes_away_ends_the_watch_in_the_workspace(self):
        name = self.idle_study()
        before = logged_calls(self.idle_workspace, "WatchOperation", "CANCELLED")
        connection = http_client.HTTPConnection(self.idle_gateway.target, timeout=60)
        connection.request("GET", f"/v1/{name}:watch", headers={**bearer("stats"), "X-Server-Timeout": "600"})
        answer = connection.getresponse()
        self.assertEqual(answer.status, 200)
        first = answer.readline()  # the operation as it stands: the watch is running
        self.assertTrue(first.startswith(b"event: message"), first)
        connection.sock.close()
        connection.close()
        # The gateway notices at its next keep-alive and cancels the call; the workspace
        # logs the watch as CANCELLED (long before its 600 s deadline).
        self.assertTrue(wait_for_logged_call(self.idle_workspace, "WatchOperation", "CANCELLED", before),
                        "".join(self.idle_workspace.stderr_lines[-5:]))

    # ---- POST /v1/datasets:upload: a file as the raw body, streamed to CreateDataset ----

    def upload(self, path, query, agency="stats", raw=None):
        with open(path, "rb") as f:
            body = f.read() if raw is None else raw
        return http("POST", f"{self.base}/v1/datasets:upload?{query}", raw=body,
                    headers={**bearer(agency), "Content-Type": "application/octet-stream"})

    def test_upload_csv_is_the_same_dataset_as_the_grpc_upload(self):
        csv_path = os.path.join(ROOT, "data", "demo", "study_panel.csv")
        status, _, reply = self.upload(csv_path, "fileName=study_panel.csv&displayName=demo%20csv&entity=entity&period=year")
        self.assertEqual(status, 200, reply)
        dataset = reply["dataset"]
        self.assertEqual((dataset["rowCount"], dataset["entityCount"], dataset["periodCount"], dataset["displayName"]),
                         ("217", "31", "7", "demo csv"))
        # The same rows as the panel uploaded over gRPC: the same numeric columns, values
        # read back over gRPC equal (the CSV reader and the test's loader agree).
        over_grpc = self.ws.ReadDataset(wpb.ReadDatasetRequest(name=dataset["name"], columns=["pm25"]),
                                        metadata=wh.auth("stats"))
        reference = self.ws.ReadDataset(wpb.ReadDatasetRequest(name=self.dataset.name, columns=["pm25"]),
                                        metadata=wh.auth("stats"))
        self.assertEqual([v for c in over_grpc for v in c.chunk.columns[0].values],
                         [v for c in reference for v in c.chunk.columns[0].values])
        status, _, got = http("GET", f"{self.base}/v1/{dataset['name']}", headers=bearer("stats"))
        self.assertEqual((status, got["dataset"]["ownerAgency"]), (200, "stats"))

    def test_upload_stata_file(self):
        dta = os.path.join(ROOT, "tests", "reference", "data", "files", "grunfeld.dta")
        status, _, reply = self.upload(dta, "fileName=grunfeld.dta&entity=firm&period=year")
        self.assertEqual(status, 200, reply)
        self.assertEqual((reply["dataset"]["rowCount"], reply["dataset"]["entityCount"]), ("200", "10"))
        self.assertEqual(sorted(reply["dataset"]["columns"]), ["capital", "inv", "value"])

    def test_bad_file_gets_400_naming_row_and_column(self):
        raw = b"entity,year,x\nA,2020,1.5\nA,20x1,2.5\n"
        status, _, reply = self.upload(__file__, "fileName=bad.csv&entity=entity&period=year", raw=raw)
        self.assertEqual((status, reply.get("error", {}).get("status")), (400, "INVALID_ARGUMENT"), reply)
        self.assertIn("bad.csv", reply["error"]["message"])
        self.assertIn("20x1", reply["error"]["message"])
        status, _, reply = self.upload(__file__, "fileName=missing_period.csv&entity=entity&period=year",
                                       raw=b"entity,x\nA,1\n")
        self.assertEqual(status, 400, reply)
        self.assertIn("year", reply["error"]["message"])

    def test_upload_needs_a_token_and_a_body_within_the_limit(self):
        csv_path = os.path.join(ROOT, "data", "demo", "study_panel.csv")
        status, _, reply = http("POST", f"{self.base}/v1/datasets:upload?fileName=a.csv&period=year",
                                raw=open(csv_path, "rb").read())
        self.assertEqual((status, reply["error"]["status"]), (401, "UNAUTHENTICATED"), reply)
        # Refused from the declared length, before the body is read: the headers alone are
        # sent (sending 2 MiB as well would race the early answer into a broken pipe).
        connection = http_client.HTTPConnection(self.gateway.target, timeout=60)
        connection.putrequest("POST", "/v1/datasets:upload?fileName=big.csv&period=year")
        for name, value in {**bearer("stats"), "Content-Length": str(2 << 20)}.items():
            connection.putheader(name, value)
        connection.endheaders()
        answer = connection.getresponse()
        status, reply = answer.status, json.loads(answer.read())
        connection.close()
        self.assertEqual(status, 413, reply)
        self.assertEqual(reply["error"]["status"], "RESOURCE_EXHAUSTED")

    # ---- a CSV body is forwarded as it arrives: bounded memory, all or nothing ----

    @staticmethod
    def big_csv(periods):
        """1000 entities x `periods` years of three indicators (about 45 bytes a row)."""
        lines = ["entity,year,x,y,z"]
        lines += [f"E{e:03d},{1000 + p},{(e * 7 + p) % 101 / 7:.9f},{p / (e + 1):.9f},{e - p / 3:.9f}"
                  for p in range(periods) for e in range(1000)]
        return ("\n".join(lines) + "\n").encode()

    @staticmethod
    def peak_rss_mib(process):
        with open(f"/proc/{process.process.pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024

    def test_a_csv_larger_than_memory_allows_streams_through_with_bounded_memory(self):
        body = self.big_csv(800)
        self.assertGreater(len(body), 32 << 20)
        before = self.peak_rss_mib(self.big_gateway)
        status, _, reply = http("POST", f"http://{self.big_gateway.target}/v1/datasets:upload?fileName=big.csv&period=year&displayName=big",
                                raw=body, headers={**bearer("stats"), "Content-Type": "text/csv"})
        self.assertEqual(status, 200, reply)
        self.assertEqual((reply["dataset"]["rowCount"], reply["dataset"]["entityCount"], reply["dataset"]["periodCount"]),
                         ("800000", "1000", "800"))
        # Functional, not timing: the gateway's peak memory grew by far less than the body
        # (a gateway that held the body would have grown by more than all of it).
        grown = self.peak_rss_mib(self.big_gateway) - before
        # (measured: about 10 MiB for this 37 MiB body)
        self.assertLess(grown, 24, f"gateway peak RSS grew {grown:.1f} MiB for a {len(body) >> 20} MiB body")
        # The rows arrived whole and in order: the last row's values read back.
        read = list(self.ws.ReadDataset(wpb.ReadDatasetRequest(name=reply["dataset"]["name"], columns=["z"]),
                                        metadata=wh.auth("stats")))
        self.assertEqual(sum(len(c.chunk.entity) for c in read), 800000)

    def test_a_text_cell_after_the_first_mib_is_refused_naming_its_row(self):
        body = self.big_csv(60)  # about 2.7 MB: the first MiB reads z as numbers
        lines = body.split(b"\n")
        lines[50001] = lines[50001].rsplit(b",", 1)[0] + b",oops"
        status, _, reply = http("POST", f"http://{self.big_gateway.target}/v1/datasets:upload?fileName=late.csv&period=year",
                                raw=b"\n".join(lines), headers=bearer("stats"))
        self.assertEqual((status, reply["error"]["status"]), (400, "INVALID_ARGUMENT"), reply)
        self.assertIn("late.csv, row 50002", reply["error"]["message"])
        self.assertIn("oops", reply["error"]["message"])

    def test_a_cut_upload_leaves_no_dataset(self):
        body = self.big_csv(400)
        before = logged_calls(self.workspace, "CreateDataset", "CANCELLED")
        connection = http_client.HTTPConnection(self.big_gateway.target, timeout=60)
        connection.putrequest("POST", "/v1/datasets:upload?fileName=cut.csv&period=year&displayName=cut-upload")
        for name, value in {**bearer("stats"), "Content-Length": str(len(body))}.items():
            connection.putheader(name, value)
        connection.endheaders()
        connection.send(body[: len(body) // 2])  # several MiB: pieces reach the workspace
        connection.sock.close()
        connection.close()
        # The gateway sees the body end early and cancels CreateDataset; the workspace, which
        # stores nothing before the last chunk, logs the call CANCELLED.
        self.assertTrue(wait_for_logged_call(self.workspace, "CreateDataset", "CANCELLED", before),
                        "".join(self.workspace.stderr_lines[-5:]))
        listed = self.ws.ListDatasets(wpb.ListDatasetsRequest(page_size=1000), metadata=wh.auth("stats"))
        self.assertNotIn("cut-upload", [d.display_name for d in listed.datasets])


if __name__ == "__main__":
    unittest.main(verbosity=2)
