"""End to end: the three real binaries on free loopback ports; the demo study streamed
from Python (StreamStudy), in English and Chinese, and the CLI writing the documents."""
import csv
import json
import os
import subprocess
import sys
import tempfile
import unittest

import grpc
from google.protobuf import json_format

sys.path.insert(0, os.path.dirname(__file__))
from harness import ServiceProcess, binary_path  # noqa: E402

import govmetrics_client as gm  # noqa: E402
from govmetrics.reporting.v1 import reporting_service_pb2 as rpb  # noqa: E402
from govmetrics.reporting.v1 import reporting_service_pb2_grpc as rgrpc  # noqa: E402
from govmetrics.reporting.v1 import study_spec_pb2 as spb  # noqa: E402

ROOT = os.environ.get("GOVMETRICS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))


def load_spec(lang):
    spec = spb.StudySpec()
    with open(os.path.join(ROOT, "data", "demo", f"study_spec_{lang}.json"), encoding="utf-8") as f:
        json_format.Parse(f.read(), spec)
    spec.bootstrap.replications = 199
    spec.permutations = 199
    return spec


def load_panel():
    import csv
    with open(os.path.join(ROOT, "data", "demo", "study_panel.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    labels = {"name_zh", "region3", "region4"}
    columns = {k: [float(r[k]) for r in rows] for k in rows[0] if k not in labels | {"entity", "year"}}
    return gm.panel_from_columns([r["entity"] for r in rows], [int(r["year"]) for r in rows],
                                 columns, {k: [r[k] for r in rows] for k in labels})


class StudyEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.index = ServiceProcess(binary_path("govmetrics-index")).start()
        cls.modeling = ServiceProcess(binary_path("govmetrics-modeling")).start()
        cls.reporting = ServiceProcess(binary_path("govmetrics-reporting"),
                                       f"--index_target={cls.index.target}",
                                       f"--modeling_target={cls.modeling.target}").start()
        cls.channel = grpc.insecure_channel(cls.reporting.target, options=[
            ("grpc.max_receive_message_length", 256 << 20)])
        cls.stub = rgrpc.ReportingServiceStub(cls.channel)
        cls.panel = load_panel()

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        for s in (cls.reporting, cls.modeling, cls.index):
            s.stop()

    def assert_notes_speak(self, report, index_note):
        """Table notes are in the report's language: no raw enum names (issue 19)."""
        notes = [note for table in report.tables for note in table.notes]
        self.assertTrue(any(note.startswith(index_note) for note in notes), notes)
        for note in notes:
            self.assertNotRegex(note, r"[A-Z]{2,}_[A-Z_]+")

    def test_stream_reports_each_step_then_the_result(self):
        events = list(self.stub.StreamStudy(
            rpb.StreamStudyRequest(panel=self.panel, spec=load_spec("en")), timeout=120))
        steps = [e.progress.step for e in events if e.HasField("progress")]
        self.assertEqual(steps, ["indices", "scores", "descriptives", "baseline", "robustness", "mechanism",
                                 "heterogeneity", "moderation", "endogeneity", "spatio_temporal", "spatial", "threshold", "render"])
        self.assertTrue(events[-1].HasField("result"))
        self.assert_notes_speak(events[-1].result.report, "Method: entropy weights")
        names = {d.file_name for d in events[-1].result.documents}
        self.assertTrue({"report.html", "report.md", "report.tex", "report.json",
                         "tables/baseline.csv"} <= names, names)

    def test_chinese_report_has_province_and_region_names(self):
        response = self.stub.RunStudy(rpb.RunStudyRequest(panel=self.panel, spec=load_spec("zh")),
                                      timeout=120)
        self.assert_notes_speak(response.report, "赋权方法：熵值法")
        html = next(d.content for d in response.documents if d.file_name == "report.html")
        for text in ("数字赋能", "东部", "西部", "基准回归", 'lang="zh-CN"'):
            self.assertIn(text, html)
        self.assertNotIn("http://", html.replace("http://www.w3.org/2000/svg", ""))

    def test_cli_writes_the_documents(self):
        with tempfile.TemporaryDirectory() as out:
            cli = os.path.join(os.environ.get("GOVMETRICS_BUILD_DIR", "build"), "clients", "cli", "govmetrics")
            result = subprocess.run(
                [cli, "study", "--spec", os.path.join(ROOT, "data", "demo", "study_spec_en.json"),
                 "--data", os.path.join(ROOT, "data", "demo", "study_panel.csv"),
                 "--target", self.reporting.target, "--out", out],
                capture_output=True, text=True, timeout=300)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("Baseline effect", result.stdout)
            self.assertTrue(os.path.getsize(os.path.join(out, "report.html")) > 10000)
            self.assertTrue(os.path.exists(os.path.join(out, "tables", "mediation.csv")))
            # What agencies publish: a score table per index, one row per entity-year.
            with open(os.path.join(out, "tables", "scores_digital_empowerment.csv"), encoding="utf-8-sig") as f:
                rows = list(csv.reader(f))
            self.assertEqual(rows[0][:4], ["Entity", "Period", "Score", "Rank"])
            self.assertEqual(len(rows), 1 + 31 * 7)
            # The Excel workbook is written from the document's bytes: numbers are numbers.
            import openpyxl
            workbook = openpyxl.load_workbook(os.path.join(out, "tables.xlsx"))
            numeric = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row
                       if c.data_type == "n" and c.value is not None]
            self.assertGreater(len(workbook.worksheets), 3)
            self.assertGreater(len(numeric), 50)
            # The Word report (python-docx) and the LaTeX report's figure files.
            import docx
            document = docx.Document(os.path.join(out, "report.docx"))
            self.assertGreater(len(document.tables), 3)
            self.assertGreater(len(document.inline_shapes), 2)
            with open(os.path.join(out, "figures", "figure-1-1.pdf"), "rb") as f:
                self.assertEqual(f.read(5), b"%PDF-")

    def test_cli_format_option_replaces_the_spec_formats(self):
        cli = os.path.join(os.environ.get("GOVMETRICS_BUILD_DIR", "build"), "clients", "cli", "govmetrics")
        base = [cli, "study", "--spec", os.path.join(ROOT, "data", "demo", "study_spec_en.json"),
                "--data", os.path.join(ROOT, "data", "demo", "study_panel.csv"),
                "--target", self.reporting.target]
        with tempfile.TemporaryDirectory() as out:
            bad = subprocess.run(base + ["--out", out, "--format", "docx,odt"],
                                 capture_output=True, text=True, timeout=60)
            self.assertNotEqual(bad.returncode, 0)
            self.assertIn('--format: unknown format "odt"', bad.stderr)
            self.assertEqual(os.listdir(out), [])
            result = subprocess.run(base + ["--out", out, "--format", "docx,csv"],
                                    capture_output=True, text=True, timeout=300)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(sorted(os.listdir(out)), ["report.docx", "tables"])
            self.assertIn("baseline.csv", os.listdir(os.path.join(out, "tables")))

    def test_cli_validate_prints_every_problem_and_runs_nothing(self):
        cli = os.path.join(os.environ.get("GOVMETRICS_BUILD_DIR", "build"), "clients", "cli", "govmetrics")
        spec = json_format.MessageToDict(load_spec("en"))
        spec["controls"][1] = "no_such_control"
        spec["groupBy"] = "no_such_region"
        spec["robustness"][3]["dropEntities"] = ["Beijing", "Atlantis"]
        spec["robustness"].append({"check": "ROBUSTNESS_CHECK_UNSPECIFIED"})
        base = [cli, "study", "--validate", "--data", os.path.join(ROOT, "data", "demo", "study_panel.csv"),
                "--target", self.reporting.target]
        with tempfile.TemporaryDirectory() as out:
            bad_spec = os.path.join(out, "bad_spec.json")
            with open(bad_spec, "w", encoding="utf-8") as f:
                json.dump(spec, f)
            bad = subprocess.run(base + ["--spec", bad_spec, "--out", out], capture_output=True, text=True,
                                 timeout=60)
            self.assertEqual(bad.returncode, 1, bad.stderr)
            self.assertIn("INVALID_ARGUMENT", bad.stderr)
            for line in ("spec.controls[1]: no numeric column 'no_such_control'",
                         "spec.group_by: no label column 'no_such_region'",
                         "spec.robustness[3].drop_entities[1]: no entity 'Atlantis'",
                         "spec.robustness[7].check: check is unspecified"):
                self.assertIn(line, bad.stderr)
            self.assertNotIn("drop_entities[0]", bad.stderr)
            self.assertEqual(os.listdir(out), ["bad_spec.json"])  # nothing ran, nothing written
            good = subprocess.run(base + ["--spec", os.path.join(ROOT, "data", "demo", "study_spec_en.json")],
                                  capture_output=True, text=True, timeout=60)
            self.assertEqual(good.returncode, 0, good.stderr)
            self.assertIn("valid; running it sends", good.stdout)
            sections = good.stdout.split("(sections: ")[1].rstrip(")\n").split(", ")
            expected = ["indices", "descriptives", "baseline", "robustness", "mechanism", "heterogeneity"]
            self.assertEqual([s for s in sections if s in expected], expected)

    def test_menu_specs_run_in_english_and_chinese(self):
        """The specs that use every robustness menu entry, through the CLI: a column per
        entry, headed in the report's language, and the placebo histogram."""
        cli = os.path.join(os.environ.get("GOVMETRICS_BUILD_DIR", "build"), "clients", "cli", "govmetrics")
        runs = [("demo", "zh", ["--data", os.path.join(ROOT, "data", "demo", "study_panel.csv")], "随机效应"),
                ("produc", "en", ["--data", os.path.join(ROOT, "data", "produc", "produc_study.csv"),
                                  "--entity", "state", "--period", "year"], "Random effects"),
                ("produc", "zh", ["--data", os.path.join(ROOT, "data", "produc", "produc_study.csv"),
                                  "--entity", "state", "--period", "year"], "个体线性趋势")]
        for study, lang, data, header in runs:
            spec_path = os.path.join(ROOT, "data", study, f"study_spec_menu_{lang}.json")
            spec = json.load(open(spec_path, encoding="utf-8"))
            with self.subTest(study=study, lang=lang), tempfile.TemporaryDirectory() as out:
                result = subprocess.run([cli, "study", "--spec", spec_path, *data, "--format", "json,html",
                                         "--target", self.reporting.target, "--out", out],
                                        capture_output=True, text=True, timeout=300)
                self.assertEqual(result.returncode, 0, result.stderr)
                report = json_format.Parse(open(os.path.join(out, "report.json"), encoding="utf-8").read(),
                                           rpb.RunStudyResponse().report, ignore_unknown_fields=True)
                table = next(t for t in report.tables if t.id == "robustness")
                self.assertEqual(len(table.columns), len(spec["robustness"]))
                self.assertTrue(any(header in c for c in table.columns), list(table.columns))
                self.assertTrue(all(cell.has_value for cell in table.rows[0].cells), list(table.columns))
                if study == "produc":  # its difference-GMM column has two outcome lags
                    lag2 = "(t−2)" if lang == "en" else "（滞后2期）"
                    self.assertTrue(any(r.label.endswith(lag2) for r in table.rows), [r.label for r in table.rows])
                placebo = len(spec["robustness"])  # the last entry, 1-based in the chart id
                self.assertIn(f"robustness_placebo_{placebo}", [c.id for c in report.charts])
                html = open(os.path.join(out, "report.html"), encoding="utf-8").read()
                self.assertIn(header, html)

    def test_real_public_panel_study_produc_nine_regions(self):
        with tempfile.TemporaryDirectory() as out:
            cli = os.path.join(os.environ.get("GOVMETRICS_BUILD_DIR", "build"), "clients", "cli", "govmetrics")
            result = subprocess.run(
                [cli, "study", "--spec", os.path.join(ROOT, "data", "produc", "study_spec.json"),
                 "--data", os.path.join(ROOT, "data", "produc", "produc_study.csv"),
                 "--entity", "state", "--period", "year",
                 "--target", self.reporting.target, "--out", out],
                capture_output=True, text=True, timeout=300)
            self.assertEqual(result.returncode, 0, result.stderr)
            report = json_format.Parse(open(os.path.join(out, "report.json"), encoding="utf-8").read(),
                                       rpb.RunStudyResponse().report, ignore_unknown_fields=True)
            tables = {t.id: t for t in report.tables}
            self.assertEqual(len(tables["heterogeneity"].columns), 9)
            self.assertIn("New England", list(tables["heterogeneity"].columns))
            self.assertEqual(len(tables["group_differences"].rows), 36)
            self.assertEqual(tables["baseline"].rows[0].cells[1].has_value, True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
