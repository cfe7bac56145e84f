"""The `govmetrics` CLI against the real workspace: dataset upload / list / get / share /
delete, a study by reference started with --async, and operations get / wait writing
the report, with an agency's token file."""
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
        cls.workspace = cls.stack.workspace("sqlite:cli.db")
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

    def upload(self):
        out = self.cli("dataset", "upload", "--data", DEMO_CSV, "--chunk-rows", "50",
                       "--target", self.workspace.target)
        return out.split()[0]

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
