"""The installed govmetrics_client against the real binaries on loopback: every RPC of
every service, errors with decoded details, deadlines, retries, streaming, asyncio."""
import asyncio
import json
import os
import unittest

import grpc

import govmetrics_client as gm
import govmetrics_client.aio as gm_aio
from govmetrics_client import _registry
from support import FAST_RECONNECT, FlakyProxy, ServiceProcess, binary_path, repo_path

PRODUC = repo_path("tests", "reference", "data", "produc_logs.csv")


def golden(name: str) -> dict:
    with open(repo_path("tests", "reference", "golden", name), encoding="utf-8") as f:
        return json.load(f)


def index_request(**overrides):
    panel = gm.panel_from_columns(
        entity=["北京", "北京", "上海", "上海", "广东", "广东"], period=[2020, 2021] * 3,
        columns={"broadband": [1, 2, 3, 4, 5, 6], "pm25": [60, 55, 40, 35, 30, 28]})
    return gm.index_pb2.ComputeIndexRequest(panel=panel, indicators=[
        gm.index_pb2.Indicator(column="broadband", direction="DIRECTION_POSITIVE", dimension="数字技术"),
        gm.index_pb2.Indicator(column="pm25", direction="DIRECTION_NEGATIVE", dimension="环境")],
        **overrides)


TWO_WAY_IID = gm.model_spec_pb2.ModelSpec(
    fixed_effects="FIXED_EFFECTS_TWO_WAY", estimator="ESTIMATOR_WITHIN",
    variance=gm.model_spec_pb2.VarianceSpec(type="VARIANCE_TYPE_IID", small_sample="SMALL_SAMPLE_NONE"))


class Services(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.servers = [ServiceProcess(binary_path("govmetrics-index")).start(),
                       ServiceProcess(binary_path("govmetrics-modeling")).start()]
        cls.index = gm.IndexClient(cls.servers[0].target, timeout=30)
        cls.modeling = gm.ModelingClient(cls.servers[1].target, timeout=60)
        cls.produc = gm.read_panel_csv(PRODUC, "state", "year")

    @classmethod
    def tearDownClass(cls):
        cls.index.close()
        cls.modeling.close()
        for s in cls.servers:
            s.stop()

    def test_the_package_under_test_is_the_installed_one(self):
        if os.environ.get("GOVMETRICS_EXPECT_INSTALLED"):
            self.assertNotIn(repo_path("clients", "python"), gm.__file__)

    def test_every_rpc_of_every_service_is_a_method_of_its_client(self):
        services = {s.full_name: s for s in _registry.discover()}
        self.assertLessEqual({"govmetrics.index.v1.IndexService", "govmetrics.modeling.v1.ModelingService",
                              "govmetrics.reporting.v1.ReportingService"}, set(services))
        for service in services.values():
            for m in service.methods:
                self.assertTrue(callable(getattr(getattr(gm, service.client_name), m.python_name)))
                self.assertTrue(callable(getattr(getattr(gm_aio, service.client_name), m.python_name)))
        self.assertTrue(all(m.retryable for m in services["govmetrics.modeling.v1.ModelingService"].methods))

    def test_compute_index_from_fields(self):
        r = index_request()
        response = self.index.compute_index(panel=r.panel, indicators=r.indicators)
        self.assertAlmostEqual(sum(w.weight for w in response.weights), 1.0, places=12)
        self.assertEqual(len(response.scores), 6)
        self.assertEqual(list(response.scores).index(max(response.scores)), 5)

    def test_coupling_coordination(self):
        panel = gm.panel_from_columns(["a", "a", "b", "b"], [1, 2, 1, 2],
                                      {"u1": [0.2, 0.4, 0.6, 0.8], "u2": [0.3, 0.3, 0.5, 0.9]})
        response = self.index.compute_coupling_coordination(panel=panel, first="u1", second="u2")
        self.assertEqual(len(response.coupling), 4)
        self.assertTrue(all(0 <= c <= 1 for c in response.coupling))

    def test_fit_panel_model_matches_plm(self):
        want = next(c for c in golden("panel_produc.json")["cases"]
                    if c["name"] == "within_entity_cluster_entity_stata")
        response = self.modeling.fit_panel_model(
            panel=self.produc, dependent="lgsp", regressors=want["regressors"],
            fixed_effects="FIXED_EFFECTS_ENTITY", estimator="ESTIMATOR_WITHIN",
            variance=gm.model_spec_pb2.VarianceSpec(type="VARIANCE_TYPE_CLUSTER", cluster_by=["entity"],
                                                    small_sample="SMALL_SAMPLE_STATA"))
        self.assertEqual((response.n_obs, response.n_entities), (816, 48))
        got = {c.name: c for c in response.coefficients}
        for c in want["coefficients"]:
            self.assertAlmostEqual(got[c["name"]].estimate, c["estimate"], delta=1e-8)
            self.assertAlmostEqual(got[c["name"]].std_error, c["std_error"], delta=1e-8)

    def test_analyze_mediation_paths_match_plm(self):
        want = next(m for m in golden("mediation_produc.json")["mediations"] if m["name"] == "mediator_lpc_iid")
        response = self.modeling.analyze_mediation(
            panel=self.produc, treatment="lpcap", mediators=["lpc"], outcome="lgsp", controls=["unemp"],
            model=TWO_WAY_IID, bootstrap=gm.mediation_pb2.Bootstrap(replications=49, seed=7))
        a = response.mediators[0].a
        self.assertAlmostEqual(a.estimate, want["paths"]["a"]["estimate"], delta=1e-8)
        self.assertAlmostEqual(a.std_error, want["paths"]["a"]["std_error"], delta=1e-8)

    def test_hausman_describe_and_compare_groups(self):
        hausman = self.modeling.hausman_test(panel=self.produc, dependent="lgsp",
                                             regressors=["lpcap", "lpc", "lemp", "unemp"])
        self.assertGreater(hausman.df, 0)
        described = self.modeling.describe_variables(panel=self.produc, columns=["lgsp", "lpcap"])
        self.assertEqual([v.column for v in described.variables], ["lgsp", "lpcap"])
        study = gm.read_panel_csv(repo_path("data", "produc", "produc_study.csv"), "state", "year")
        groups = self.modeling.compare_groups(
            panel=study, dependent="lgsp", regressors=["lpcap", "unemp"], group_by="region",
            compare=["lpcap"], model=TWO_WAY_IID, permutations=0)
        self.assertEqual(len(groups.groups), 9)

    def test_bad_request_is_a_govmetrics_error_with_field_violations(self):
        request = index_request()
        request.indicators[1].column = "no_such"
        with self.assertRaises(gm.GovmetricsError) as caught:
            self.index.compute_index(request)
        error = caught.exception
        self.assertIsInstance(error, grpc.RpcError)
        self.assertEqual(error.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn(gm.FieldViolation("indicators[1].column", "no column 'no_such' in panel"),
                      error.field_violations)
        self.assertIn("indicators[1].column: no column 'no_such' in panel", str(error))

    def test_a_deadline_stops_a_long_call(self):
        with self.assertRaises(gm.GovmetricsError) as caught:
            self.modeling.analyze_mediation(
                panel=self.produc, treatment="lpcap", mediators=["lpc", "lemp"], outcome="lgsp",
                model=TWO_WAY_IID, bootstrap=gm.mediation_pb2.Bootstrap(replications=20000, seed=1),
                timeout=0.2)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.DEADLINE_EXCEEDED)

    def test_unavailable_is_retried_for_idempotent_calls(self):
        with FlakyProxy(self.servers[0].target) as proxy:
            with gm.IndexClient(proxy.target, options=FAST_RECONNECT) as index:
                self.assertEqual(len(index.compute_index(index_request()).scores), 6)
            events = proxy.events()
        self.assertEqual(events[0], "dropped 1")
        self.assertIn("forwarded 2", events)

    def test_without_retries_the_dropped_connection_fails_the_call(self):
        with FlakyProxy(self.servers[0].target) as proxy:
            with gm.IndexClient(proxy.target, retry=False) as index:
                with self.assertRaises(gm.GovmetricsError) as caught:
                    index.compute_index(index_request())
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAVAILABLE)

    def test_asyncio_client(self):
        async def run():
            async with gm_aio.IndexClient(self.servers[0].target) as index:
                response = await index.compute_index(index_request())
                bad = index_request()
                bad.indicators[0].column = "gone"
                try:
                    await index.compute_index(bad)
                except gm.GovmetricsError as e:
                    return response, e
            return response, None
        response, error = asyncio.run(run())
        self.assertEqual(len(response.scores), 6)
        self.assertEqual(error.field_violations[0].field, "indicators[0].column")


class Quota(unittest.TestCase):
    def test_a_configured_limit_is_a_quota_failure(self):
        with ServiceProcess(binary_path("govmetrics-index"), "--max_rows=3") as server:
            with gm.IndexClient(server.target) as index:
                with self.assertRaises(gm.GovmetricsError) as caught:
                    index.compute_index(index_request())
        self.assertEqual(caught.exception.code(), grpc.StatusCode.RESOURCE_EXHAUSTED)
        self.assertTrue(caught.exception.quota_violations, str(caught.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
