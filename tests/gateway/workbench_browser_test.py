"""The browser workbench in real headless Chromium (Debian's `chromium`, driven by npm's
puppeteer-core; no browser download) against the real binaries: index, modeling,
reporting, workspace (SQLite) and the gateway on free loopback ports. For English and for Chinese, the whole
path upload -> index -> model -> study (live progress over server-sent events) -> report
and downloads, with an axe-core scan of every page (no serious or critical violation)
and no console error (the gateway's CSP is in force). Screenshots are kept under
<build>/test-artifacts/workbench/. Exits 77 (skipped) only when chromium is absent.
The browser steps are in web/workbench/test/drive_workbench.mjs."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "hardening"))
from harness import binary_path  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "workspace"))
from hardening_harness import GovProcess as ServiceProcess  # noqa: E402
import workspace_harness as wh  # noqa: E402

ROOT = os.environ.get("GOVMETRICS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("GOVMETRICS_BUILD_DIR", os.path.join(ROOT, "build"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DRIVER = os.path.join(ROOT, "web", "workbench", "test", "drive_workbench.mjs")
NODE_MODULES = os.path.join(BUILD, "web", "npm", "node_modules")
ARTIFACTS = os.path.join(BUILD, "test-artifacts", "workbench")
SKIPPED = 77  # ctest SKIP_RETURN_CODE


class WorkbenchInChromium(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # index, modeling, reporting and a workspace on SQLite with two agencies' tokens.
        cls.tmp = tempfile.TemporaryDirectory()
        cls.stack = wh.Stack(cls.tmp.name)
        workspace = cls.stack.workspace("sqlite:workspace.db")
        backends = (f"index={cls.stack.index.target},modeling={cls.stack.modeling.target},"
                    f"reporting={cls.stack.reporting.target},workspace={workspace.target},"
                    f"google.longrunning.Operations={workspace.target}")
        cls.gateway = ServiceProcess(binary_path("govmetrics-gateway"), f"--backends={backends}",
                                     "--allow_insecure_tokens").start()
        cls.base = f"http://{cls.gateway.target}"

    @classmethod
    def tearDownClass(cls):
        cls.gateway.stop()
        cls.stack.stop()
        cls.tmp.cleanup()

    def drive(self, lang, *extra):
        self.assertTrue(os.path.isdir(os.path.join(NODE_MODULES, "puppeteer-core")),
                        f"{NODE_MODULES} lacks puppeteer-core: build the govmetrics_web target (npm ci)")
        command = ["node", DRIVER, "--base", self.base, "--lang", lang,
                   "--csv", os.path.join(ROOT, "data", "demo", "study_panel.csv"),
                   "--out", ARTIFACTS, "--node-modules", NODE_MODULES, *extra]
        run = subprocess.run(command, capture_output=True, text=True, timeout=900,
                             env={**os.environ, "CHROMIUM": CHROMIUM})
        lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
        self.assertTrue(lines, f"driver printed no findings:\n{run.stdout}\n{run.stderr}")
        findings = json.loads(lines[-1])
        print(json.dumps(findings, ensure_ascii=False, indent=1))
        self.assertEqual(findings["failures"], [], run.stderr[-4000:])
        self.assertEqual(run.returncode, 0, run.stderr[-4000:])
        for page in ("data", "index", "model", "study", "report"):
            shot = os.path.join(ARTIFACTS, f"{lang}_{page}.png")
            self.assertGreater(os.path.getsize(shot), 10_000, shot)
        return findings

    def test_english_with_the_workspace(self):
        # The workspace steps (save, share, study operation, reopen) and the API page run
        # once, in English.
        findings = self.drive("en", "--token", wh.TOKENS["stats"], "--stored-file",
                              os.path.join(ROOT, "tests", "reference", "data", "files", "grunfeld.dta"))
        self.assertIn("workspace", findings["axe"])
        self.assertIn("stored_file", findings["axe"])
        self.assertIn("report.docx", findings["documents"])
        self.assertIn("api", findings["axe"])

    def test_chinese(self):
        self.drive("zh")


if __name__ == "__main__":
    if not os.access(CHROMIUM, os.X_OK):
        print(f"SKIP: {CHROMIUM} is not installed (apt-get install chromium; scripts/setup.sh does)")
        sys.exit(SKIPPED)
    if shutil.which("node") is None:
        print("FAIL: node is required for the browser test (scripts/setup.sh installs it)")
        sys.exit(1)
    unittest.main(verbosity=2)
