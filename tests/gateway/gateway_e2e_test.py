"""HTTP/JSON gateway end to end: the real index, modeling, reporting and gateway binaries
on free loopback ports. Every RPC is called twice, through HTTP/JSON and through gRPC,
with the same request, and the answers must be the same message; errors must keep their
kind (HTTP status) and details (AIP-193 body); the study's progress must arrive as
server-sent events, one per gRPC stream message."""
import csv
import json
import os
import ssl
import sys
import tempfile
import unittest
import urllib.error
import urllib.request

import grpc
from google.protobuf import json_format, symbol_database

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "hardening"))
from harness import binary_path  # noqa: E402
from hardening_harness import GovProcess as ServiceProcess, make_pki, scrape  # noqa: E402

import govmetrics_client as gm  # noqa: E402
from govmetrics.index.v1 import index_service_pb2 as ipb  # noqa: E402
from govmetrics.index.v1 import index_service_pb2_grpc as igrpc  # noqa: E402
from govmetrics.modeling.v1 import modeling_service_pb2  # noqa: E402,F401
from govmetrics.modeling.v1 import modeling_service_pb2_grpc as mgrpc  # noqa: E402
from govmetrics.reporting.v1 import reporting_service_pb2 as rpb  # noqa: E402
from govmetrics.reporting.v1 import reporting_service_pb2_grpc as rgrpc  # noqa: E402

ROOT = os.environ.get("GOVMETRICS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
LABELS = ("name_zh", "region3", "region4")


def demo_panel_json():
    """The demo panel (31 provinces x 2015-2021) in the JSON a curl or R user would send."""
    with open(os.path.join(ROOT, "data", "demo", "study_panel.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    numeric = [k for k in rows[0] if k not in LABELS + ("entity", "year")]
    return {"entity": [r["entity"] for r in rows], "period": [int(r["year"]) for r in rows],
            "columns": [{"name": k, "values": [float(r[k]) for r in rows]} for k in numeric],
            "labels": [{"name": k, "values": [r[k] for r in rows]} for k in LABELS]}


def http(method, url, body=None, headers=None, raw=None, context=None):
    """(status, headers, parsed JSON or text) of one HTTP request."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=300, context=context) as response:
            return response.status, response.headers, _decode(response.read(), response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.headers, _decode(error.read(), error.headers)


def _decode(payload, headers):
    text = payload.decode("utf-8")
    return json.loads(text) if headers.get("Content-Type", "").startswith("application/json") else text


def sse_events(text):
    """[(event, data)] of a text/event-stream body (comments, e.g. keep-alives, skipped)."""
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.split("\n") if ": " in line and not line.startswith(":"))
        if "data" in fields:
            events.append((fields.get("event", "message"), json.loads(fields["data"])))
    return events


def message_class(full_name):
    """A generated message class by full name (the *_pb2 modules above registered them)."""
    return symbol_database.Default().GetSymbol(full_name)


def canonical(message):
    """A message as canonical JSON text: NaN-safe equality of two messages."""
    return json_format.MessageToJson(message, sort_keys=True)


class GatewayEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.index = ServiceProcess(binary_path("govmetrics-index")).start()
        cls.modeling = ServiceProcess(binary_path("govmetrics-modeling")).start()
        cls.reporting = ServiceProcess(binary_path("govmetrics-reporting"),
                                       f"--index_target={cls.index.target}",
                                       f"--modeling_target={cls.modeling.target}").start()
        backends = (f"index={cls.index.target},modeling={cls.modeling.target},"
                    f"reporting={cls.reporting.target},workspace=127.0.0.1:1")
        cls.gateway = ServiceProcess(binary_path("govmetrics-gateway"), f"--backends={backends}",
                                     "--max_body_mb=8", "--metrics_listen=127.0.0.1:0",
                                     "--admin_listen=127.0.0.1:0").start()
        cls.base = f"http://{cls.gateway.target}"
        options = [("grpc.max_receive_message_length", 256 << 20)]
        cls.channels = [grpc.insecure_channel(s.target, options=options)
                        for s in (cls.index, cls.modeling, cls.reporting)]
        cls.index_stub = igrpc.IndexServiceStub(cls.channels[0])
        cls.modeling_stub = mgrpc.ModelingServiceStub(cls.channels[1])
        cls.reporting_stub = rgrpc.ReportingServiceStub(cls.channels[2])
        cls.panel = demo_panel_json()

    @classmethod
    def tearDownClass(cls):
        for channel in cls.channels:
            channel.close()
        for s in (cls.gateway, cls.reporting, cls.modeling, cls.index):
            s.stop()

    # ---- every RPC: the same answer over HTTP/JSON and over gRPC ----

    def assert_same_answer(self, path, body, grpc_method, request_type, response_type):
        status, _, reply = http("POST", self.base + path, body)
        self.assertEqual(status, 200, reply)
        over_http = json_format.ParseDict(reply, response_type())
        over_grpc = grpc_method(json_format.ParseDict(body, request_type()), timeout=300)
        self.assertEqual(canonical(over_http), canonical(over_grpc))
        return over_http

    def index_request(self):
        indicators = [{"column": c, "direction": "DIRECTION_POSITIVE", "dimension": d}
                      for c, d in (("broadband_ports", "technology"), ("mobile_penetration", "technology"),
                                   ("software_revenue", "technology"), ("open_data_platforms", "organisation"))]
        indicators.append({"column": "pm25", "direction": "DIRECTION_NEGATIVE", "dimension": "environment"})
        return {"panel": self.panel, "indicators": indicators, "hierarchy": "HIERARCHY_SUMMED_DIVERGENCE"}

    def model(self):
        return {"fixedEffects": "FIXED_EFFECTS_TWO_WAY",
                "variance": {"type": "VARIANCE_TYPE_CLUSTER", "clusterBy": ["entity"]}}

    def test_compute_index(self):
        reply = self.assert_same_answer("/v1/index:compute", self.index_request(),
                                        self.index_stub.ComputeIndex, ipb.ComputeIndexRequest,
                                        ipb.ComputeIndexResponse)
        self.assertEqual(len(reply.scores), 217)
        self.assertAlmostEqual(sum(w.weight for w in reply.weights), 1.0, places=12)

    def test_compute_coupling_coordination(self):
        self.assert_same_answer("/v1/couplingCoordination:compute",
                                {"panel": self.panel, "first": "digital_infrastructure",
                                 "second": "egov_service_quality"},
                                self.index_stub.ComputeCouplingCoordination,
                                ipb.ComputeCouplingCoordinationRequest, ipb.ComputeCouplingCoordinationResponse)

    def test_fit_panel_model(self):
        body = {"panel": self.panel, "dependent": "egov_service_quality",
                "regressors": ["digital_infrastructure", "ln_gdp_per_capita", "openness"], **self.model()}
        reply = self.assert_same_answer("/v1/panelModel:fit", body, self.modeling_stub.FitPanelModel,
                                        message_class("govmetrics.modeling.v1.FitPanelModelRequest"), message_class("govmetrics.modeling.v1.FitPanelModelResponse"))
        self.assertEqual((reply.n_obs, len(reply.coefficients)), (217, 3))

    def test_hausman_test(self):
        body = {"panel": self.panel, "dependent": "egov_service_quality",
                "regressors": ["digital_infrastructure", "ln_gdp_per_capita"], "method": "HAUSMAN_METHOD_CLASSIC"}
        self.assert_same_answer("/v1/hausman:test", body, self.modeling_stub.HausmanTest,
                                message_class("govmetrics.modeling.v1.HausmanTestRequest"), message_class("govmetrics.modeling.v1.HausmanTestResponse"))

    def test_analyze_mediation(self):
        body = {"panel": self.panel, "treatment": "digital_infrastructure", "mediators": ["digital_participation"],
                "outcome": "egov_service_quality", "controls": ["ln_gdp_per_capita"], "model": self.model(),
                "bootstrap": {"replications": 99, "seed": "7"}}
        self.assert_same_answer("/v1/mediation:analyze", body, self.modeling_stub.AnalyzeMediation,
                                message_class("govmetrics.modeling.v1.AnalyzeMediationRequest"), message_class("govmetrics.modeling.v1.AnalyzeMediationResponse"))

    def test_compare_groups(self):
        body = {"panel": self.panel, "dependent": "egov_service_quality",
                "regressors": ["digital_infrastructure", "ln_gdp_per_capita"], "model": self.model(),
                "groupBy": "region3", "permutations": 49, "seed": "11"}
        self.assert_same_answer("/v1/groups:compare", body, self.modeling_stub.CompareGroups,
                                message_class("govmetrics.modeling.v1.CompareGroupsRequest"), message_class("govmetrics.modeling.v1.CompareGroupsResponse"))

    def test_describe_variables(self):
        body = {"panel": self.panel, "columns": ["egov_service_quality", "digital_infrastructure"],
                "groupBy": "region3"}
        self.assert_same_answer("/v1/variables:describe", body, self.modeling_stub.DescribeVariables,
                                message_class("govmetrics.modeling.v1.DescribeVariablesRequest"), message_class("govmetrics.modeling.v1.DescribeVariablesResponse"))

    def study_request(self, lang="en"):
        with open(os.path.join(ROOT, "data", "demo", f"study_spec_{lang}.json"), encoding="utf-8") as f:
            spec = json.load(f)
        spec["bootstrap"]["replications"] = 49
        spec["permutations"] = 49
        return {"panel": self.panel, "spec": spec}

    def test_run_study(self):
        reply = self.assert_same_answer("/v1/study:run", self.study_request(), self.reporting_stub.RunStudy,
                                        rpb.RunStudyRequest, rpb.RunStudyResponse)
        self.assertIn("report.html", {d.file_name for d in reply.documents})

    def test_stream_study_delivers_every_progress_event_as_server_sent_events(self):
        body = self.study_request("zh")
        status, headers, text = http("POST", self.base + "/v1/study:stream", body)
        self.assertEqual(status, 200, text)
        self.assertTrue(headers["Content-Type"].startswith("text/event-stream"))
        events = sse_events(text)
        self.assertEqual(events[-1][0], "end")
        messages = [json_format.ParseDict(data, rpb.StreamStudyResponse()) for kind, data in events[:-1]]
        self.assertTrue(all(kind == "message" for kind, _ in events[:-1]))
        over_grpc = list(self.reporting_stub.StreamStudy(json_format.ParseDict(body, rpb.StreamStudyRequest()),
                                                         timeout=300))
        self.assertEqual([canonical(m) for m in messages], [canonical(m) for m in over_grpc])
        steps = [m.progress.step for m in messages if m.HasField("progress")]
        self.assertEqual(steps, ["indices", "scores", "descriptives", "baseline", "robustness", "mechanism",
                                 "heterogeneity", "moderation", "endogeneity", "spatio_temporal", "spatial", "threshold", "render"])

    # ---- errors: kind -> HTTP status, details kept ----

    def assert_error(self, status, reply, http_status, code_name):
        self.assertEqual(status, http_status, reply)
        self.assertEqual(reply["error"]["code"], http_status)
        self.assertEqual(reply["error"]["status"], code_name)
        self.assertTrue(reply["error"]["message"])
        return reply["error"]["details"]

    def test_invalid_argument_is_400_with_the_bad_request_field_paths(self):
        body = self.index_request()
        body["indicators"][1]["column"] = "no_such_column"
        details = self.assert_error(*http("POST", self.base + "/v1/index:compute", body)[::2], 400, "INVALID_ARGUMENT")
        bad = [d for d in details if d["@type"] == "type.googleapis.com/google.rpc.BadRequest"]
        self.assertEqual(bad[0]["fieldViolations"][0]["field"], "indicators[1].column")

    def test_failed_precondition_is_400_with_its_details(self):
        body = self.index_request()
        body["panel"]["columns"][0]["values"] = [1.0] * 217  # a constant indicator
        body["indicators"][0]["column"] = body["panel"]["columns"][0]["name"]
        status, _, reply = http("POST", self.base + "/v1/index:compute", body)
        details = self.assert_error(status, reply, 400, "FAILED_PRECONDITION")
        self.assertIn("type.googleapis.com/google.rpc.PreconditionFailure", [d["@type"] for d in details])

    def test_stream_rejected_at_once_gets_its_http_status(self):
        body = self.study_request()
        del body["panel"]
        status, _, reply = http("POST", self.base + "/v1/study:stream", body)
        self.assert_error(status, reply, 400, "INVALID_ARGUMENT")

    def test_stream_failing_midway_ends_with_an_error_event(self):
        # A spec the up-front validation cannot fault (the column exists) on data the
        # models cannot use (it has no value): the study fails after its first steps.
        body = self.study_request()
        body["panel"]["columns"].append({"name": "all_missing", "values": ["NaN"] * len(body["panel"]["entity"])})
        body["spec"]["outcome"] = {"column": "all_missing"}
        status, _, text = http("POST", self.base + "/v1/study:stream", body)
        self.assertEqual(status, 200, text)  # headers went out with the first progress event
        events = sse_events(text)
        self.assertEqual(events[0][0], "message")
        kind, error = events[-1]
        self.assertEqual(kind, "error")
        self.assertEqual(error["error"]["code"], 400, error)
        self.assertIn("all_missing", error["error"]["message"])

    def test_validate_study_lists_every_spec_problem(self):
        body = self.study_request()
        body["spec"]["outcome"] = {"column": "no_such_outcome"}
        body["spec"]["robustness"][3]["dropEntities"] = ["Atlantis"]
        status, _, reply = http("POST", self.base + "/v1/study:validate", body)
        details = self.assert_error(status, reply, 400, "INVALID_ARGUMENT")
        bad = [d for d in details if d["@type"] == "type.googleapis.com/google.rpc.BadRequest"]
        self.assertEqual(sorted(v["field"] for v in bad[0]["fieldViolations"]),
                         ["spec.outcome.column", "spec.robustness[3].drop_entities[0]"])
        status, _, reply = http("POST", self.base + "/v1/study:validate", self.study_request())
        self.assertEqual(status, 200, reply)
        self.assertGreaterEqual(reply["plannedRequests"], 15)
        self.assertIn("robustness", reply["sections"])
        # The same refusal from the study itself, before any step.
        body["panel"] = self.study_request()["panel"]
        status, _, reply = http("POST", self.base + "/v1/study:stream", body)
        self.assert_error(status, reply, 400, "INVALID_ARGUMENT")

    def test_unavailable_backend_is_503(self):
        # index: configured but down (port 1); modeling: no backend configured at all.
        gateway = ServiceProcess(binary_path("govmetrics-gateway"), "--backends=index=127.0.0.1:1").start()
        try:
            status, _, reply = http("POST", f"http://{gateway.target}/v1/index:compute", self.index_request(),
                                    headers={"X-Server-Timeout": "5"})
            self.assert_error(status, reply, 503, "UNAVAILABLE")
            status, _, reply = http("POST", f"http://{gateway.target}/v1/panelModel:fit", {})
            self.assert_error(status, reply, 503, "UNAVAILABLE")
            self.assertIn("--backends", reply["error"]["message"])
        finally:
            gateway.stop()

    def test_deadline_from_the_caller_is_504(self):
        body = {"panel": self.panel, "treatment": "digital_infrastructure", "mediators": ["digital_participation"],
                "outcome": "egov_service_quality", "model": self.model(),
                "bootstrap": {"replications": 20000, "seed": "1"}}
        # 1 ms: 20,000 bootstrap replications cannot finish in it on any machine (on a quiet
        # one they took under 0.2 s, so a 0.2 s deadline made this test depend on load).
        status, _, reply = http("POST", self.base + "/v1/mediation:analyze", body,
                                headers={"X-Server-Timeout": "0.001"})
        self.assert_error(status, reply, 504, "DEADLINE_EXCEEDED")

    def test_malformed_json_is_400(self):
        status, _, reply = http("POST", self.base + "/v1/index:compute", raw=b'{"panel": {"entity": [')
        self.assert_error(status, reply, 400, "INVALID_ARGUMENT")

    def test_unknown_field_and_wrong_enum_are_400_naming_the_field(self):
        status, _, reply = http("POST", self.base + "/v1/index:compute", {"panel": self.panel, "indicatorz": []})
        self.assertIn("indicatorz", reply["error"]["message"])
        self.assert_error(status, reply, 400, "INVALID_ARGUMENT")
        body = self.index_request()
        body["indicators"][0]["direction"] = "UPWARDS"
        status, _, reply = http("POST", self.base + "/v1/index:compute", body)
        details = self.assert_error(status, reply, 400, "INVALID_ARGUMENT")
        self.assertIn("indicators", details[0]["fieldViolations"][0]["field"])

    def test_oversized_body_is_413(self):
        status, _, reply = http("POST", self.base + "/v1/index:compute", raw=b" " * (9 << 20))
        self.assert_error(status, reply, 413, "RESOURCE_EXHAUSTED")
        status, _, reply = http("GET", self.base + "/v1/index:compute")
        self.assert_error(status, reply, 405, "UNIMPLEMENTED")
        status, _, reply = http("POST", self.base + "/v1/nothing:here", {})
        self.assert_error(status, reply, 404, "NOT_FOUND")

    def test_bad_timeout_header_is_400(self):
        status, _, reply = http("POST", self.base + "/v1/index:compute", self.index_request(),
                                headers={"X-Server-Timeout": "soon"})
        details = self.assert_error(status, reply, 400, "INVALID_ARGUMENT")
        self.assertEqual(details[0]["fieldViolations"][0]["field"], "X-Server-Timeout")

    # ---- security, documents, metrics ----

    def test_bearer_tokens_pass_through_to_the_service(self):
        tokens = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"gateway_tokens_{os.getpid()}")
        with open(tokens, "w") as f:
            f.write("agency-a secret-token-agency-a\n")
        index = ServiceProcess(binary_path("govmetrics-index"), f"--auth_tokens_file={tokens}",
                               "--allow_insecure_tokens").start()
        gateway = ServiceProcess(binary_path("govmetrics-gateway"), f"--backends=index={index.target}",
                                 "--allow_insecure_tokens").start()
        try:
            url = f"http://{gateway.target}/v1/index:compute"
            status, _, reply = http("POST", url, self.index_request())
            self.assert_error(status, reply, 401, "UNAUTHENTICATED")
            status, _, reply = http("POST", url, self.index_request(), headers={"Authorization": "Bearer wrong"})
            self.assert_error(status, reply, 401, "UNAUTHENTICATED")
            status, _, reply = http("POST", url, self.index_request(), headers={"Authorization": "Bearer secret-token-agency-a"})
            self.assertEqual(status, 200, reply)
            # Without --allow_insecure_tokens a plaintext gateway refuses to carry tokens.
            status, _, reply = http("POST", self.base + "/v1/index:compute", self.index_request(),
                                    headers={"Authorization": "Bearer secret-token-agency-a"})
            self.assert_error(status, reply, 401, "UNAUTHENTICATED")
        finally:
            gateway.stop()
            index.stop()
            os.unlink(tokens)

    def test_security_headers_and_no_cors_by_default(self):
        status, headers, _ = http("POST", self.base + "/v1/index:compute", self.index_request(),
                                  headers={"Origin": "https://elsewhere.example"})
        self.assertEqual(status, 200)
        self.assertIn("script-src 'self'", headers["Content-Security-Policy"])
        self.assertNotIn("unsafe-inline", headers["Content-Security-Policy"])
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        self.assertIsNone(headers.get("Access-Control-Allow-Origin"))
        self.assertIsNone(headers.get("Strict-Transport-Security"))  # plaintext: no HSTS
        status, _, _ = http("OPTIONS", self.base + "/v1/index:compute",
                            headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"})
        self.assertEqual(status, 403)

    def test_cors_when_configured(self):
        gateway = ServiceProcess(binary_path("govmetrics-gateway"), f"--backends=index={self.index.target}",
                                 "--cors_allowed_origins=https://stats.example.gov").start()
        try:
            url = f"http://{gateway.target}/v1/index:compute"
            status, headers, _ = http("OPTIONS", url, headers={"Origin": "https://stats.example.gov",
                                                               "Access-Control-Request-Method": "POST"})
            self.assertEqual(status, 204)
            self.assertEqual(headers["Access-Control-Allow-Origin"], "https://stats.example.gov")
            self.assertIn("Authorization", headers["Access-Control-Allow-Headers"])
            status, headers, _ = http("POST", url, self.index_request(), headers={"Origin": "https://evil.example"})
            self.assertIsNone(headers.get("Access-Control-Allow-Origin"))
        finally:
            gateway.stop()

    def test_openapi_document_lists_every_route_and_schema(self):
        status, _, document = http("GET", self.base + "/openapi.json")
        self.assertEqual(status, 200)
        self.assertTrue(document["openapi"].startswith("3."))
        for path in ("/v1/index:compute", "/v1/couplingCoordination:compute", "/v1/panelModel:fit",
                     "/v1/hausman:test", "/v1/mediation:analyze", "/v1/groups:compare",
                     "/v1/variables:describe", "/v1/study:run", "/v1/study:stream", "/v1/study:validate"):
            self.assertIn("post", document["paths"][path], path)
        schemas = document["components"]["schemas"]
        self.assertIn("indicators", schemas["govmetrics.index.v1.ComputeIndexRequest"]["properties"])
        self.assertIn("DIRECTION_NEGATIVE", schemas["govmetrics.index.v1.Direction"]["enum"])
        self.assertIn("text/event-stream", document["paths"]["/v1/study:stream"]["post"]["responses"]["200"]["content"])

    def test_metrics_count_http_and_backend_calls(self):
        http("POST", self.base + "/v1/index:compute", self.index_request())
        metrics = scrape(self.gateway.metrics_port)
        self.assertIn('http_requests_total{code="200",method="POST",route="/v1/index:compute"}', metrics)
        self.assertIn('grpc_client_handled_total{grpc_code="OK",grpc_method="ComputeIndex"', metrics)

    def test_health_on_the_admin_port_and_over_http(self):
        channel = grpc.insecure_channel(f"127.0.0.1:{self.gateway.admin_port}")
        try:
            self.assertEqual(gm.health_check(channel), "SERVING")
        finally:
            channel.close()
        status, _, text = http("GET", self.base + "/healthz")
        self.assertEqual((status, text.strip()), (200, "SERVING"))

    def test_tls_and_hsts(self):
        with tempfile.TemporaryDirectory() as directory:
            pki = make_pki(directory)
            cert, key = pki["server"]
            gateway = ServiceProcess(binary_path("govmetrics-gateway"), f"--backends=index={self.index.target}",
                                     f"--tls_cert={cert}", f"--tls_key={key}").start()
            try:
                context = ssl.create_default_context(cafile=pki["ca"])
                status, headers, reply = http("POST", f"https://127.0.0.1:{gateway.port}/v1/index:compute",
                                              self.index_request(), context=context)
                self.assertEqual(status, 200, reply)
                self.assertIn("max-age=", headers["Strict-Transport-Security"])
                with self.assertRaises(Exception):  # plaintext HTTP to the TLS port
                    http("POST", f"http://127.0.0.1:{gateway.port}/v1/index:compute", {})
            finally:
                gateway.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
