"""The shared CSV fixture (tests/clients/csv_conformance/cases.json), read by
govmetrics_client.read_panel_csv exactly as by the CLI and the other clients."""
import json
import math
import unittest

from google.protobuf import json_format

import govmetrics_client as gm
from support import repo_path

FIXTURE = repo_path("tests", "clients", "csv_conformance")


def same_value(want: float, got: float) -> bool:
    return math.isnan(got) if math.isnan(want) else want == got


class CsvConformance(unittest.TestCase):
    def test_every_case_of_the_shared_fixture(self):
        with open(f"{FIXTURE}/cases.json", encoding="utf-8") as f:
            cases = json.load(f)["cases"]
        self.assertGreaterEqual(len(cases), 5)
        for case in cases:
            with self.subTest(file=case["file"], entity=case["entity"]):
                path = f"{FIXTURE}/{case['file']}"
                if "error" in case:
                    with self.assertRaises(gm.CsvError) as caught:
                        gm.read_panel_csv(path, case["entity"], case["period"])
                    self.assertIn(case["error"], str(caught.exception))
                    continue
                got = gm.read_panel_csv(path, case["entity"], case["period"])
                want = json_format.ParseDict(case["panel"], gm.panel_pb2.Panel())
                self.assertEqual(list(got.entity), list(want.entity))
                self.assertEqual(list(got.period), list(want.period))
                self.assertEqual([c.name for c in got.columns], [c.name for c in want.columns])
                for g, w in zip(got.columns, want.columns):
                    self.assertTrue(all(map(same_value, w.values, g.values)), (w.name, list(g.values)))
                    self.assertEqual(len(g.values), len(w.values))
                self.assertEqual([(l.name, list(l.values)) for l in got.labels],
                                 [(l.name, list(l.values)) for l in want.labels])


if __name__ == "__main__":
    unittest.main()
