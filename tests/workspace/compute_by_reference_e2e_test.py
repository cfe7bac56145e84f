"""Compute by reference with the real binaries: the demo panel is uploaded once to the
workspace (SQLite), and index, modeling and reporting compute on it by name
("dataset": "datasets/{id}") instead of receiving it inline. Every answer must be the same
bytes as the inline call's (fingerprint included: the dataset's, which is the inline
panel's); the caller's bearer token travels to the workspace, so another agency's dataset
is refused as the workspace refuses it; bad references get a status naming the field."""
import os
import sys
import tempfile
import time
import unittest

import grpc

sys.path.insert(0, os.path.dirname(__file__))
import workspace_harness as wh  # noqa: E402

import govmetrics_client as gm  # noqa: E402
from govmetrics.index.v1 import disparity_pb2  # noqa: E402
from govmetrics.index.v1 import index_service_pb2 as ipb  # noqa: E402
from govmetrics.index.v1 import index_service_pb2_grpc as igrpc  # noqa: E402
from govmetrics.modeling.v1 import dynamic_panel_pb2 as dpb  # noqa: E402
from govmetrics.modeling.v1 import group_comparison_pb2 as gpb  # noqa: E402
from govmetrics.modeling.v1 import mediation_pb2 as mpb  # noqa: E402
from govmetrics.modeling.v1 import model_spec_pb2 as spec  # noqa: E402
from govmetrics.modeling.v1 import modeling_service_pb2 as mspb  # noqa: E402
from govmetrics.modeling.v1 import modeling_service_pb2_grpc as mgrpc  # noqa: E402
from govmetrics.modeling.v1 import panel_model_pb2 as ppb  # noqa: E402
from govmetrics.modeling.v1 import spatial_panel_pb2  # noqa: E402
from govmetrics.modeling.v1 import spatial_pb2  # noqa: E402
from govmetrics.modeling.v1 import threshold_pb2 as tpb  # noqa: E402
from govmetrics.reporting.v1 import reporting_service_pb2 as rpb  # noqa: E402
from govmetrics.reporting.v1 import reporting_service_pb2_grpc as rgrpc  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2 as wpb  # noqa: E402
from govmetrics.workspace.v1 import workspace_service_pb2_grpc as wgrpc  # noqa: E402

REGRESSORS = ["digital_infrastructure", "ln_gdp_per_capita", "openness", "urbanization"]
TWO_WAY_CLUSTERED = spec.ModelSpec(
    fixed_effects=spec.FIXED_EFFECTS_TWO_WAY,
    variance=spec.VarianceSpec(type=spec.VARIANCE_TYPE_CLUSTER))


def fit_request():
    return ppb.FitPanelModelRequest(dependent="egov_service_quality", regressors=REGRESSORS,
                                    model=TWO_WAY_CLUSTERED)


def index_request():
    columns = ["broadband_ports", "mobile_penetration", "software_revenue", "digital_patents"]
    return ipb.ComputeIndexRequest(
        indicators=[ipb.Indicator(column=c, direction=ipb.DIRECTION_POSITIVE) for c in columns],
        method=ipb.WEIGHTING_METHOD_ENTROPY)


def mediation_request():
    return mpb.AnalyzeMediationRequest(
        treatment="digital_infrastructure", mediators=["market_entities_per_capita"],
        outcome="egov_service_quality", controls=["openness"], model=TWO_WAY_CLUSTERED,
        bootstrap=mpb.Bootstrap(replications=49, seed=7))


def compare_request():
    return gpb.CompareGroupsRequest(dependent="egov_service_quality", regressors=REGRESSORS,
                                    model=TWO_WAY_CLUSTERED, group_by="region3",
                                    permutations=49, seed=11)


def gmm_request():
    return dpb.FitDynamicPanelRequest(
        dependent="egov_service_quality",
        regressors=[dpb.LaggedTerm(column="digital_infrastructure")],
        gmm_instruments=[dpb.GmmInstrumentSpec(column="egov_service_quality", collapse=True)],
        transformation=dpb.GMM_TRANSFORMATION_DIFFERENCE, steps=dpb.GMM_STEPS_TWO_STEP)


def threshold_request():
    return tpb.FitThresholdModelRequest(
        dependent="ln_gdp_per_capita", regime_regressors=["digital_infrastructure"],
        regressors=["openness", "urbanization"], threshold_variable="internet_penetration",
        bootstrap_replications=19, seed=5)


# Every request message that carries a panel; a new one must get `dataset` too.
PANEL_REQUEST_MODULES = (ipb, disparity_pb2, dpb, gpb, mpb, mspb, ppb, spatial_pb2,
                         spatial_panel_pb2, tpb, rpb)


class EveryPanelRequestTakesADataset(unittest.TestCase):
    def test_each_request_with_a_panel_has_a_dataset_string(self):
        checked = []
        for module in PANEL_REQUEST_MODULES:
            for name, message in module.DESCRIPTOR.message_types_by_name.items():
                panel = message.fields_by_name.get("panel")
                if not name.endswith("Request") or panel is None:
                    continue
                self.assertEqual(panel.message_type.full_name, "govmetrics.common.v1.Panel")
                dataset = message.fields_by_name.get("dataset")
                self.assertIsNotNone(dataset, f"{name} has a panel but no dataset field")
                self.assertEqual(dataset.type, dataset.TYPE_STRING, name)
                checked.append(name)
        self.assertIn("FitDynamicPanelRequest", checked)
        self.assertIn("FitThresholdModelRequest", checked)
        self.assertGreaterEqual(len(checked), 14, checked)


class ComputeByReference(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.stack = wh.Stack(cls.tmp.name)
        cls.workspace = cls.stack.workspace("sqlite:workspace.db", on_workspace_port=True)
        options = [("grpc.max_receive_message_length", 256 << 20)]
        cls.channels = [grpc.insecure_channel(p.target, options=options) for p in
                        (cls.workspace, cls.stack.index, cls.stack.modeling, cls.stack.reporting)]
        cls.ws = wgrpc.WorkspaceServiceStub(cls.channels[0])
        cls.index = igrpc.IndexServiceStub(cls.channels[1])
        cls.modeling = mgrpc.ModelingServiceStub(cls.channels[2])
        cls.reporting = rgrpc.ReportingServiceStub(cls.channels[3])
        cls.panel = wh.load_panel()
        cls.dataset = cls.ws.CreateDataset(wh.upload_requests(cls.panel, 60),
                                           metadata=wh.auth("stats")).dataset

    @classmethod
    def tearDownClass(cls):
        for channel in cls.channels:
            channel.close()
        cls.stack.stop()
        cls.tmp.cleanup()

    def both_ways(self, method, request, agency="stats"):
        """(inline response, by-reference response) of the same request."""
        inline = type(request)()
        inline.CopyFrom(request)
        inline.panel.CopyFrom(self.panel)
        by_reference = type(request)()
        by_reference.CopyFrom(request)
        by_reference.dataset = self.dataset.name
        return (method(inline, metadata=wh.auth(agency)),
                method(by_reference, metadata=wh.auth(agency)))

    def assert_same_bytes(self, method, request):
        inline, by_reference = self.both_ways(method, request)
        self.assertEqual(by_reference.provenance.input_fingerprint, self.dataset.fingerprint)
        self.assertEqual(inline.provenance.input_fingerprint, self.dataset.fingerprint)
        self.assertEqual(by_reference.SerializeToString(deterministic=True),
                         inline.SerializeToString(deterministic=True))
        return by_reference

    def refusal(self, method, request, agency="stats"):
        with self.assertRaises(grpc.RpcError) as caught:
            method(request, metadata=wh.auth(agency))
        return caught.exception

    def test_fit_by_reference_is_the_inline_fit_bit_for_bit(self):
        fit = self.assert_same_bytes(self.modeling.FitPanelModel, fit_request())
        self.assertEqual(len(fit.coefficients), len(REGRESSORS))

    def test_index_mediation_groups_describe_by_reference_equal_inline(self):
        self.assert_same_bytes(self.index.ComputeIndex, index_request())
        self.assert_same_bytes(self.modeling.AnalyzeMediation, mediation_request())
        self.assert_same_bytes(self.modeling.CompareGroups, compare_request())
        self.assert_same_bytes(self.modeling.DescribeVariables, mspb.DescribeVariablesRequest(
            columns=REGRESSORS, group_by="region3"))

    def test_gmm_and_threshold_by_reference_equal_inline(self):
        gmm = self.assert_same_bytes(self.modeling.FitDynamicPanel, gmm_request())
        self.assertTrue(gmm.coefficients)
        threshold = self.assert_same_bytes(self.modeling.FitThresholdModel, threshold_request())
        self.assertTrue(threshold.thresholds)

    def test_study_by_reference_is_the_inline_study(self):
        request = rpb.RunStudyRequest(spec=wh.demo_spec())
        self.assert_same_bytes(self.reporting.RunStudy, request)

    def test_only_the_named_columns_are_read_and_a_repeat_is_served_from_the_cache(self):
        def reads():
            """OK ReadDataset log lines, once every line logged so far has been drained
            (a GetDataset of our own logged after them: the log is in call order)."""
            def count(method):
                return sum(1 for line in self.workspace.stderr_lines if f'"{method}"' in line)
            marks = count("GetDataset")
            self.ws.GetDataset(wpb.GetDatasetRequest(name=self.dataset.name), metadata=wh.auth("stats"))
            for _ in range(3000):  # at most 30 s; then the count below shows what is missing
                if count("GetDataset") > marks:
                    break
                time.sleep(0.01)
            return sum(1 for line in self.workspace.stderr_lines
                       if '"ReadDataset"' in line and '"code":"OK"' in line)
        request = fit_request()
        request.dataset = self.dataset.name
        request.dependent = "pm25"  # a column set no other test reads: a cache miss first
        before = reads()
        first = self.modeling.FitPanelModel(request, metadata=wh.auth("stats"))
        second = self.modeling.FitPanelModel(request, metadata=wh.auth("stats"))
        self.assertEqual(first, second)
        self.assertEqual(reads(), before + 1)
        read_log = [line for line in self.workspace.stderr_lines if '"ReadDataset"' in line][-1]
        self.assertIn('"rows":217', read_log)

    def test_another_agencys_dataset_is_refused_until_shared(self):
        request = fit_request()
        request.dataset = self.dataset.name
        error = self.refusal(self.modeling.FitPanelModel, request, agency="treasury")
        self.assertIn(error.code(), (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED))
        self.assertIn(self.dataset.name, error.details())
        owned = self.ws.CreateDataset(wh.upload_requests(self.panel, 217),
                                      metadata=wh.auth("stats")).dataset
        self.ws.ShareDataset(wpb.ShareDatasetRequest(name=owned.name, agency="treasury"),
                             metadata=wh.auth("stats"))
        request.dataset = owned.name
        shared = self.modeling.FitPanelModel(request, metadata=wh.auth("treasury"))
        self.assertEqual(shared.provenance.input_fingerprint, self.dataset.fingerprint)

    def test_without_a_token_the_workspace_refuses_the_read(self):
        request = fit_request()
        request.dataset = self.dataset.name
        with self.assertRaises(grpc.RpcError) as caught:
            self.modeling.FitPanelModel(request)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAUTHENTICATED)

    def test_unknown_and_deleted_datasets_are_not_found(self):
        request = index_request()
        request.dataset = "datasets/no-such-dataset"
        error = self.refusal(self.index.ComputeIndex, request)
        self.assertEqual(error.code(), grpc.StatusCode.NOT_FOUND)
        self.assertIn("datasets/no-such-dataset", error.details())
        doomed = self.ws.CreateDataset(wh.upload_requests(self.panel, 217),
                                       metadata=wh.auth("stats")).dataset
        self.ws.DeleteDataset(wpb.DeleteDatasetRequest(name=doomed.name), metadata=wh.auth("stats"))
        study = rpb.RunStudyRequest(spec=wh.demo_spec(), dataset=doomed.name)
        error = self.refusal(self.reporting.RunStudy, study)
        self.assertEqual(error.code(), grpc.StatusCode.NOT_FOUND)
        self.assertIn(doomed.name, error.details())

    def test_panel_and_dataset_together_or_a_malformed_name_name_the_field(self):
        request = fit_request()
        request.panel.CopyFrom(self.panel)
        request.dataset = self.dataset.name
        error = self.refusal(self.modeling.FitPanelModel, request)
        self.assertEqual(error.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual([f for f, _ in gm.field_violations(error)], ["dataset"])
        study = rpb.RunStudyRequest(spec=wh.demo_spec(), panel=self.panel, dataset=self.dataset.name)
        error = self.refusal(self.reporting.RunStudy, study)
        self.assertEqual([f for f, _ in gm.field_violations(error)], ["dataset"])
        request.ClearField("panel")
        request.dataset = "projects/x/datasets/y"
        error = self.refusal(self.modeling.FitPanelModel, request)
        self.assertEqual([f for f, _ in gm.field_violations(error)], ["dataset"])

    def test_a_bad_cell_by_reference_is_named_by_dataset_row_and_column(self):
        """Inline, an infinite value is panel.columns[i].values[r]; by reference the caller
        sent no panel (and the read panel holds only the named columns, in the reader's
        order), so the status names the dataset's row and column."""
        bad = type(self.panel)()
        bad.CopyFrom(self.panel)
        column = next(c for c in bad.columns if c.name == "openness")
        column.values[37] = float("inf")
        dataset = self.ws.CreateDataset(wh.upload_requests(bad, 60),
                                        metadata=wh.auth("stats")).dataset
        request = fit_request()
        request.dataset = dataset.name
        fit = self.refusal(self.modeling.FitPanelModel, request)
        self.assertEqual(fit.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual([f for f, _ in gm.field_violations(fit)], ["dataset.rows[37].openness"])
        self.assertTrue(fit.details().startswith("dataset.rows[37].openness: "), fit.details())
        mediation = mediation_request()
        mediation.dataset = dataset.name
        error = self.refusal(self.modeling.AnalyzeMediation, mediation)
        self.assertIn("dataset.rows[37].openness", [f for f, _ in gm.field_violations(error)])
        inline = fit_request()
        inline.panel.CopyFrom(bad)
        error = self.refusal(self.modeling.FitPanelModel, inline)
        position = [c.name for c in bad.columns].index("openness")
        self.assertEqual([f for f, _ in gm.field_violations(error)],
                         [f"panel.columns[{position}].values[37]"])

    def test_neither_panel_nor_dataset_names_the_panel(self):
        error = self.refusal(self.modeling.FitPanelModel, fit_request())
        self.assertEqual(error.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertTrue(any(f.startswith("panel") for f, _ in gm.field_violations(error)),
                        gm.field_violations(error))


if __name__ == "__main__":
    unittest.main()
