"""End to end: a request with 100,000 bad rows gets an error a default-configured client
can read, from every service that takes a panel.

Each request carries a 100,000-row panel in which every row repeats the same (entity,
period) pair: 99,999 field violations. The server bounds what it sends
(common/rpc/error_details_bound.h), so a client with gRPC's default options (8 KiB of
response metadata) decodes INVALID_ARGUMENT with a google.rpc.BadRequest of the first
violations, and a google.rpc.ErrorInfo with the real count, instead of failing with
RESOURCE_EXHAUSTED "received initial metadata size exceeds limit".
"""
import os
import sys
import unittest

import grpc
from google.rpc import error_details_pb2, status_pb2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hardening_harness import (GovProcess, binary_path, demo_study_request,  # noqa: E402
                               fit_request)

import govmetrics_client as gm  # noqa: E402
from govmetrics.modeling.v1 import mediation_pb2  # noqa: E402
from govmetrics.reporting.v1 import reporting_service_pb2_grpc as reporting_grpc  # noqa: E402

ROWS = 100_000
COLUMNS = ["x", "y", "m"]


def bad_panel(columns=COLUMNS):
    """ROWS rows, all for entity 'A' in 2020: every row after the first is a duplicate."""
    return gm.panel_from_columns(["A"] * ROWS, [2020] * ROWS,
                                 {name: [float(i) for i in range(ROWS)] for name in columns})


def details_of(error):
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            return status_pb2.Status.FromString(value)
    raise AssertionError("no grpc-status-details-bin trailer")


class HundredThousandBadRows(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.index = GovProcess(binary_path("govmetrics-index")).start()
        cls.modeling = GovProcess(binary_path("govmetrics-modeling")).start()
        cls.reporting = GovProcess(
            binary_path("govmetrics-reporting"), f"--index_target={cls.index.target}",
            f"--modeling_target={cls.modeling.target}").start()

    @classmethod
    def tearDownClass(cls):
        for server in (cls.reporting, cls.modeling, cls.index):
            server.stop()

    def channel(self, server):
        # gRPC's defaults: no option raises the metadata (or any other) limit.
        channel = grpc.insecure_channel(server.target)
        self.addCleanup(channel.close)
        return channel

    def assert_readable_bad_request(self, call):
        with self.assertRaises(grpc.RpcError) as caught:
            call()
        error = caught.exception
        self.assertEqual(error.code(), grpc.StatusCode.INVALID_ARGUMENT, error.details())
        self.assertIn("more violation", error.details())
        status = details_of(error)
        bad, info = error_details_pb2.BadRequest(), error_details_pb2.ErrorInfo()
        self.assertTrue(any(d.Unpack(bad) for d in status.details))
        self.assertTrue(any(d.Unpack(info) for d in status.details))
        self.assertEqual(len(bad.field_violations), 20)
        self.assertRegex(bad.field_violations[0].field, r"panel\.period\[1\]|panel\.entity\[1\]")
        self.assertEqual(info.reason, "ERROR_DETAILS_TRUNCATED")
        self.assertEqual(info.metadata["field_violations_total"], str(ROWS - 1))
        self.assertEqual(info.metadata["field_violations_sent"], "20")

    def test_compute_index(self):
        request = gm.index_pb2.ComputeIndexRequest(panel=bad_panel())
        request.indicators.add(column="x", direction=gm.index_pb2.DIRECTION_POSITIVE,
                               dimension="d")
        stub = gm.index_grpc.IndexServiceStub(self.channel(self.index))
        self.assert_readable_bad_request(lambda: stub.ComputeIndex(request, timeout=120))

    def test_fit_panel_model(self):
        request = fit_request(bad_panel(["gdp_growth_stability", "broadband_ports",
                                         "software_revenue", "ln_gdp_per_capita", "openness",
                                         "urbanization"]))
        stub = gm.modeling_grpc.ModelingServiceStub(self.channel(self.modeling))
        self.assert_readable_bad_request(lambda: stub.FitPanelModel(request, timeout=120))

    def test_analyze_mediation(self):
        request = mediation_pb2.AnalyzeMediationRequest(
            panel=bad_panel(), treatment="x", mediators=["m"], outcome="y")
        stub = gm.modeling_grpc.ModelingServiceStub(self.channel(self.modeling))
        self.assert_readable_bad_request(lambda: stub.AnalyzeMediation(request, timeout=120))

    def test_run_study(self):
        request = demo_study_request()
        names = [c.name for c in request.panel.columns]
        request.panel.CopyFrom(bad_panel(names))
        stub = reporting_grpc.ReportingServiceStub(self.channel(self.reporting))
        self.assert_readable_bad_request(lambda: stub.RunStudy(request, timeout=300))


if __name__ == "__main__":
    unittest.main()
