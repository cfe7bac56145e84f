"""The `govmetrics` CLI against the real workspace: dataset upload / list / get / share /
delete (from .csv, .dta and .xlsx), a study by reference started with --async, operations
get / wait writing the report, and fit / index by reference (--dataset), with an agency's
token file."""
import os
import subprocess
import sys
import tempfile
import unittest

from google.protobuf import json_format

sys.path.insert(0, os.path.dirname(__file__))
import workspace_harness as wh  # noqa: E402

CLI = wh.binary_path("govmetrics")
DEMO_CSV = os.path.join(wh.ROOT, "data", "demo", "study_panel.csv")


class WorkspaceCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.stack = wh.Stack(cls.tmp.name)
        cls.workspace = cls.stack.workspace("sqlite:cli.db", on_workspace_port=True)
        cls.token_files = {}
        for agency, token in wh.TOKENS.items():
            path = os.path.join(cls.tmp.name, f"{agency}.token")
            with open(path, "w") as f:
                f.write(token + "\n")
            cls.token_files[agency] = path
        cls.spec = os.path.join(cls.tmp.name, "spec.json")
        with open(cls.spec, "w") as f:
            f.write(json_format.MessageToJson(wh.demo_spec()))

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()
        cls.tmp.cleanup()

    def cli(self, *args, agency="stats", expect=0):
        result = subprocess.run(
            [CLI, *args, "--token-file", self.token_files[agency]], capture_output=True, text=True)
        self.assertEqual(result.returncode, expect, result.stdout + result.stderr)
        return result.stdout

    def upload(self, data=DEMO_CSV):
        out = self.cli("dataset", "upload", "--data", data, "--chunk-rows", "50",
                       "--target", self.workspace.target)
        return out.split()[0]

    def fingerprint(self, name):
        described = self.cli("dataset", "get", name, "--target", self.workspace.target)
        return [line.split()[1] for line in described.splitlines() if "fingerprint" in line][0]

    def test_stata_and_excel_files_upload_to_the_same_dataset_as_the_csv(self):
        import pandas  # /usr/bin/python3's pandas writes the files (Stata 118, openpyxl)
        frame = pandas.read_csv(DEMO_CSV)
        dta = os.path.join(self.tmp.name, "demo.dta")
        xlsx = os.path.join(self.tmp.name, "demo.xlsx")
        frame.to_stata(dta, write_index=False, version=118)
        frame.to_excel(xlsx, index=False)
        expected = self.fingerprint(self.upload())
        for data in (dta, xlsx):
            with self.subTest(file=os.path.basename(data)):
                self.assertEqual(self.fingerprint(self.upload(data)), expected)

    def test_fit_and_index_by_reference_print_what_the_inline_calls_print(self):
        name = self.upload()
        model = ["--y", "egov_service_quality", "--x", "digital_infrastructure,openness",
                 "--target", self.stack.modeling.target]
        self.assertEqual(self.cli("fit", "--dataset", name, *model),
                         self.cli("fit", "--data", DEMO_CSV, *model))
        index = ["--positive", "broadband_ports,mobile_penetration", "--target", self.stack.index.target]
        inline_csv = os.path.join(self.tmp.name, "inline.csv")
        stored_csv = os.path.join(self.tmp.name, "stored.csv")
        self.assertEqual(self.cli("index", "--dataset", name, "--out", stored_csv, *index).replace(stored_csv, ""),
                         self.cli("index", "--data", DEMO_CSV, "--out", inline_csv, *index).replace(inline_csv, ""))
        with open(inline_csv) as f, open(stored_csv) as g:
            inline_rows, stored_rows = f.read().splitlines(), g.read().splitlines()
        self.assertEqual(stored_rows[0].split(",", 1)[1], inline_rows[0].split(",", 2)[2])
        self.assertTrue(stored_rows[0].startswith("row,score"), stored_rows[0])
        self.assertEqual([r.split(",", 2)[2] for r in inline_rows[1:]],
                         [r.split(",", 1)[1] for r in stored_rows[1:]])
        both = subprocess.run([CLI, "fit", "--dataset", name, "--data", DEMO_CSV, *model],
                              capture_output=True, text=True)
        self.assertNotEqual(both.returncode, 0)
        self.assertIn("--dataset", both.stderr)

    def test_gmm_by_reference_prints_what_the_inline_call_prints(self):
        name = self.upload()
        model = ["--dependent", "egov_service_quality", "--regressor", "digital_infrastructure",
                 "--gmm", "egov_service_quality:2", "--collapse", "--target", self.stack.modeling.target]
        by_reference = self.cli("gmm", "--dataset", name, *model)
        self.assertIn("digital_infrastructure", by_reference)
        self.assertEqual(by_reference, self.cli("gmm", "--data", DEMO_CSV, *model))

    def test_upload_list_get_share_delete(self):
        name = self.upload()
        self.assertTrue(name.startswith("datasets/"))
        self.assertIn(name, self.cli("dataset", "list", "--target", self.workspace.target))
        described = self.cli("dataset", "get", name, "--target", self.workspace.target)
        self.assertIn("217 (31 entities x 7 periods, balanced)", described)
        failed = self.cli("dataset", "get", name, "--target", self.workspace.target,
                          agency="treasury", expect=1)
        self.assertEqual(failed, "")
        self.cli("dataset", "share", name, "treasury", "--target", self.workspace.target)
        self.cli("dataset", "get", name, "--target", self.workspace.target, agency="treasury")
        self.cli("dataset", "delete", name, "--target", self.workspace.target, agency="treasury",
                 expect=1)
        self.cli("dataset", "delete", name, "--target", self.workspace.target)

    def test_unknown_dataset_is_reported(self):
        result = subprocess.run([CLI, "dataset", "get", "datasets/nope", "--target",
                                 self.workspace.target, "--token-file", self.token_files["stats"]],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 1)
        self.assertIn("NOT_FOUND", result.stderr)

    def test_study_by_reference_async_then_wait_writes_the_report(self):
        name = self.upload()
        operation = self.cli("study", "--dataset", name, "--spec", self.spec, "--async",
                             "--workspace", self.workspace.target).strip()
        self.assertTrue(operation.startswith("operations/"), operation)
        out = os.path.join(self.tmp.name, "report")
        waited = self.cli("operations", "wait", operation, "--out", out,
                          "--target", self.workspace.target)
        self.assertIn("SUCCEEDED", waited)
        self.assertTrue(os.path.exists(os.path.join(out, "report.json")), os.listdir(out))
        self.assertIn(operation, self.cli("operations", "list", "--target", self.workspace.target))
        self.assertIn("SUCCEEDED", self.cli("operations", "get", operation, "--out", out,
                                            "--target", self.workspace.target))


if __name__ == "__main__":
    unittest.main(verbosity=2)
