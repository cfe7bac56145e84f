"""End to end: the real govmetrics-index binary on a free loopback port, called from
Python stubs generated from proto/ (Debian's python3-grpcio)."""
import math
import os
import sys
import unittest

import grpc

sys.path.insert(0, os.path.dirname(__file__))
from harness import ServiceProcess, binary_path  # noqa: E402

import govmetrics_client as gm  # noqa: E402

ROOT = os.environ.get("GOVMETRICS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))


class IndexEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.service = ServiceProcess(binary_path("govmetrics-index")).start()
        cls.channel = grpc.insecure_channel(cls.service.target)
        cls.stub = gm.index_grpc.IndexServiceStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.service.stop()

    def request(self):
        panel = gm.panel_from_columns(
            entity=["北京", "北京", "上海", "上海", "广东", "广东"],
            period=[2020, 2021, 2020, 2021, 2020, 2021],
            columns={"broadband": [1, 2, 3, 4, 5, 6], "pm25": [60, 55, 40, 35, 30, 28]})
        req = gm.index_pb2.ComputeIndexRequest(panel=panel)
        req.indicators.add(column="broadband", direction=gm.index_pb2.DIRECTION_POSITIVE,
                           dimension="数字技术")
        req.indicators.add(column="pm25", direction=gm.index_pb2.DIRECTION_NEGATIVE,
                           dimension="环境")
        return req

    def test_health_reports_serving(self):
        self.assertEqual(gm.health_check(self.channel, "govmetrics.index.v1.IndexService"),
                         "SERVING")

    def test_scores_and_weights(self):
        response = self.stub.ComputeIndex(self.request(), timeout=10)
        self.assertEqual(len(response.scores), 6)
        self.assertAlmostEqual(sum(w.weight for w in response.weights), 1.0, places=12)
        self.assertEqual({d.dimension for d in response.dimension_scores}, {"数字技术", "环境"})
        self.assertTrue(all(0 <= s <= 1 for s in response.scores))

    def test_bad_request_names_field(self):
        req = self.request()
        req.indicators[1].column = "no_such"
        with self.assertRaises(grpc.RpcError) as caught:
            self.stub.ComputeIndex(req, timeout=10)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn(("indicators[1].column", "no column 'no_such' in panel"),
                      gm.field_violations(caught.exception))

    def test_missing_value_listwise(self):
        req = self.request()
        req.panel.columns[0].values[3] = math.nan
        req.missing_policy = gm.index_pb2.MISSING_POLICY_LISTWISE
        response = self.stub.ComputeIndex(req, timeout=10)
        self.assertEqual(response.rows_used, 5)
        self.assertTrue(math.isnan(response.scores[3]))

    def test_sigterm_exits_cleanly(self):
        other = ServiceProcess(binary_path("govmetrics-index"), "--drain_seconds=2").start()
        self.assertEqual(other.stop(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
