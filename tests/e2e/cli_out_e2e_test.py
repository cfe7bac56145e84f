"""End to end: `--out FILE` of the table-printing subcommands (fit, index, mediate,
compare, gmm) against the real binaries. Each file is read back with an independent
reader (openpyxl, python-docx, csv, pdftotext) and compared with what the terminal
printed, so the same numbers reach every format; a bad extension is refused before any
call."""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import docx
import openpyxl

sys.path.insert(0, os.path.dirname(__file__))
from harness import ServiceProcess, binary_path  # noqa: E402

ROOT = os.environ.get("GOVMETRICS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.path.join(os.environ.get("GOVMETRICS_BUILD_DIR", "build"), "clients", "cli", "govmetrics")
PRODUC = os.path.join(ROOT, "tests", "reference", "data", "produc_logs.csv")
DEMO = os.path.join(ROOT, "data", "demo", "study_panel.csv")


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, encoding="utf-8", timeout=300)


def printed_estimate(stdout, name):
    """The coefficient the terminal table printed for `name` (first number after it)."""
    match = re.search(rf"^{re.escape(name)}\s+(-?\d+\.\d+)", stdout, re.MULTILINE)
    assert match, f"{name} not in\n{stdout}"
    return float(match.group(1))


class CliOutEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.index = ServiceProcess(binary_path("govmetrics-index")).start()
        cls.modeling = ServiceProcess(binary_path("govmetrics-modeling")).start()
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.index.stop()
        cls.modeling.stop()
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def fit(self, out):
        result = run("fit", "--data", PRODUC, "--entity", "state", "--period", "year", "--y", "lgsp",
                     "--x", "lpcap,lpc,lemp,unemp", "--fe", "entity", "--cluster", "entity",
                     "--target", self.modeling.target, "--out", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"tables written to {out}", result.stdout)
        return result.stdout

    def test_fit_to_excel_has_numeric_cells_equal_to_the_terminal(self):
        out = self.path("fit.xlsx")
        stdout = self.fit(out)
        book = openpyxl.load_workbook(out)
        cells = {}
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                if row and isinstance(row[0], str):
                    cells.setdefault(row[0], row)
        self.assertIn("lpc", cells)
        numbers = [v for v in cells["lpc"][1:] if isinstance(v, (int, float))]
        self.assertGreaterEqual(len(numbers), 5, cells["lpc"])  # coef, se, t, p, ci: numbers, not text
        self.assertAlmostEqual(numbers[0], printed_estimate(stdout, "lpc"), places=6)
        self.assertAlmostEqual(numbers[0], 0.2920, places=4)  # plm within (Baltagi)

    def test_fit_to_word_has_the_coefficient_and_statistics_tables(self):
        out = self.path("fit.docx")
        stdout = self.fit(out)
        document = docx.Document(out)
        self.assertGreaterEqual(len(document.tables), 2)
        texts = [[c.text for c in row.cells] for row in document.tables[0].rows]
        lpc = next(r for r in texts if r[0] == "lpc")
        self.assertAlmostEqual(float(lpc[1]), printed_estimate(stdout, "lpc"), places=6)
        statistics = {row.cells[0].text: row.cells[1].text for row in document.tables[1].rows}
        self.assertEqual(statistics.get("N"), "816")
        body = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("cluster", body)  # the conventions travel as notes

    def test_fit_to_csv_writes_one_file_per_table(self):
        out = self.path("fit.csv")
        stdout = self.fit(out)
        self.assertIn(self.path("fit-fit-statistics.csv"), stdout)
        with open(out, encoding="utf-8-sig") as f:
            rows = {r[0]: r for r in csv.reader(f)}
        self.assertAlmostEqual(float(rows["lpc"][1]), printed_estimate(stdout, "lpc"), places=6)
        with open(self.path("fit-fit-statistics.csv"), encoding="utf-8-sig") as f:
            statistics = {r[0]: r[1] for r in csv.reader(f)}
        self.assertEqual(statistics["N"], "816")

    def test_fit_to_markdown_latex_html_and_json(self):
        for extension in ("md", "tex", "html", "json"):
            out = self.path(f"fit.{extension}")
            stdout = self.fit(out)
            with open(out, encoding="utf-8") as f:
                text = f.read()
            self.assertIn("lpc", text, extension)
            self.assertIn(f"{printed_estimate(stdout, 'lpc'):.6f}", text, extension)
        with open(self.path("fit.json"), encoding="utf-8") as f:
            self.assertEqual(json.load(f)["tables"][0]["id"], "coefficients")

    @unittest.skipUnless(shutil.which("xelatex") and shutil.which("pdftotext"), "needs TeX Live and poppler")
    def test_fit_to_pdf(self):
        out = self.path("fit.pdf")
        stdout = self.fit(out)
        with open(out, "rb") as f:
            self.assertEqual(f.read(5), b"%PDF-")
        text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True, check=True).stdout
        self.assertIn(f"{printed_estimate(stdout, 'lpc'):.6f}", text)

    def test_index_to_excel_has_weights_and_ranked_scores(self):
        out = self.path("index.xlsx")
        result = run("index", "--data", DEMO, "--positive", "broadband_ports,mobile_penetration,software_revenue",
                     "--target", self.index.target, "--out", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        book = openpyxl.load_workbook(out)
        scores = None
        for sheet in book.worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            header = next((r for r in rows if r and r[0] == "entity"), None)
            if header:  # the sheet's header row; empty columns between are the stars columns
                where = {name: k for k, name in enumerate(header) if name}
                self.assertLessEqual({"period", "score", "rank"}, set(where))
                scores = [{name: r[k] for name, k in where.items()} for r in rows[rows.index(header) + 1:] if r and r[0]]
        self.assertIsNotNone(scores, "no score table in the workbook")
        self.assertEqual(len(scores), 31 * 7)
        for year in {r["period"] for r in scores}:
            of_year = [r for r in scores if r["period"] == year]
            best = max(of_year, key=lambda r: r["score"])
            self.assertEqual(best["rank"], 1)
            self.assertEqual(sorted(r["rank"] for r in of_year), list(range(1, 32)))

    def test_index_csv_keeps_full_precision_scores(self):
        out = self.path("scores.csv")
        result = run("index", "--data", DEMO, "--positive", "broadband_ports,mobile_penetration",
                     "--target", self.index.target, "--out", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(out, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), 31 * 7)
        self.assertTrue(any(len(r["score"].split(".")[-1]) > 8 for r in rows))

    def test_mediate_compare_and_gmm_write_their_tables(self):
        cases = [
            ("mediate.xlsx", ["mediate", "--data", PRODUC, "--entity", "state", "--period", "year", "--x", "lpcap",
                              "--m", "lemp", "--y", "lgsp", "--reps", "49"], ["paths", "indirect"]),
            ("compare.docx", ["compare", "--data", DEMO, "--y", "gdp_growth_stability",
                              "--x", "broadband_ports,mobile_penetration", "--group", "region3"], None),
            ("gmm.md", ["gmm", "--data", os.path.join(ROOT, "tests", "reference", "data", "empluk_logs.csv"),
                        "--entity", "firm", "--period", "year", "--dependent", "lemp", "--dependent-lags", "1",
                        "--regressor", "lwage", "--gmm", "lemp:2"], None),
        ]
        for name, args, _ in cases:
            out = self.path(name)
            result = run(*args, "--target", self.modeling.target, "--out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertTrue(os.path.getsize(out) > 0, name)
        book = openpyxl.load_workbook(self.path("mediate.xlsx"))
        self.assertEqual(len(book.worksheets), 2)
        self.assertEqual(len(docx.Document(self.path("compare.docx")).tables), 2)
        with open(self.path("gmm.md"), encoding="utf-8") as f:
            text = f.read()
        self.assertIn("Hansen J", text)
        self.assertIn("lemp", text)

    def test_unknown_extension_is_refused_before_any_call(self):
        out = self.path("fit.txt")
        result = run("fit", "--data", PRODUC, "--entity", "state", "--period", "year", "--y", "lgsp",
                     "--x", "lpc", "--target", "127.0.0.1:1", "--out", out)
        self.assertEqual(result.returncode, 2, result.stdout)
        self.assertIn(".xlsx", result.stderr)
        self.assertIn("--out", result.stderr)
        self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    unittest.main()
