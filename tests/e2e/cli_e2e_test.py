"""End to end: the `govmetrics` CLI against the real binaries — index (UTF-8 names
round-trip through CSV), fit (regression table), and readable errors."""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import ServiceProcess, binary_path  # noqa: E402

ROOT = os.environ.get("GOVMETRICS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.path.join(os.environ.get("GOVMETRICS_BUILD_DIR", "build"), "clients", "cli", "govmetrics")


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, encoding="utf-8", timeout=120)


class CliEndToEnd(unittest.TestCase):
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

    def test_index_round_trips_chinese_names_and_prints_weights(self):
        data = os.path.join(self.tmp.name, "panel.csv")
        with open(data, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["省份", "年份", "宽带", "PM2.5"])
            for name, rows in (("北京", [(10, 40), (12, 35)]), ("内蒙古", [(4, 30), (5, 28)]),
                               ("广东, 深圳", [(9, 25), (11, 22)])):
                for year, (b, p) in zip((2020, 2021), rows):
                    w.writerow([name, year, b, p])
        out = os.path.join(self.tmp.name, "scores.csv")
        result = run("index", "--data", data, "--entity", "省份", "--period", "年份",
                     "--positive", "宽带", "--negative", "PM2.5", "--target", self.index.target,
                     "--out", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Indicator weights", result.stdout)
        self.assertIn("宽带", result.stdout)
        with open(out, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([r["entity"] for r in rows][::2], ["北京", "内蒙古", "广东, 深圳"])
        self.assertTrue(all(0 <= float(r["score"]) <= 1 for r in rows))

    def test_old_option_spelling_still_works_and_matches_the_new_one(self):
        data = os.path.join(ROOT, "data", "demo", "study_panel.csv")
        outputs = []
        for spelling in ("--base-period", "--base_period"):
            out = os.path.join(self.tmp.name, f"base{spelling}.csv")
            result = run("index", "--data", data, "--positive", "broadband_ports,mobile_penetration",
                         "--pooling", "base", spelling, "2015", "--target", self.index.target,
                         "--out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(out, encoding="utf-8") as f:
                outputs.append(f.read())
        self.assertEqual(outputs[0], outputs[1])

    def test_fit_prints_a_regression_table(self):
        result = run("fit", "--data", os.path.join(ROOT, "tests", "reference", "data", "produc_logs.csv"),
                     "--entity", "state", "--period", "year", "--y", "lgsp",
                     "--x", "lpcap,lpc,lemp,unemp", "--fe", "entity", "--cluster", "entity",
                     "--target", self.modeling.target)
        self.assertEqual(result.returncode, 0, result.stderr)
        # plm's within estimate (Baltagi): lpc 0.2920
        self.assertRegex(result.stdout, r"lpc\s+0\.2920")
        self.assertIn("G/(G-1)*(N-1)/(N-K)", result.stdout)

    def test_spatial_fit_prints_coefficients_effects_and_tests(self):
        # Produc with the US states contiguity, SAR with entity effects, direct approach:
        # spatialreg's rho 0.274689 (tests/reference/golden/spatial_panel.json).
        result = run("spatial-fit", "--data", os.path.join(ROOT, "tests", "reference", "data", "produc_logs.csv"),
                     "--entity", "state", "--period", "year", "--y", "lgsp", "--x", "lpcap,lpc,lemp,unemp",
                     "--model", "sar", "--effects", "entity", "--bias-correction", "none",
                     "--contiguity", os.path.join(ROOT, "tests", "reference", "data", "us_states_contiguity.csv"),
                     "--draws", "200", "--target", self.modeling.target)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"rho\s+0\.2747\*\*\*")
        self.assertIn("indirect", result.stdout)
        self.assertIn("ROBUST_LM_ERROR", result.stdout)

    def test_spatial_fit_with_an_unknown_neighbour_names_the_weights_entry(self):
        pairs = os.path.join(self.tmp.name, "pairs.csv")
        with open(pairs, "w", encoding="utf-8") as f:
            f.write("a,b\nBeijing,Atlantis\n")
        result = run("spatial-fit", "--data", os.path.join(ROOT, "data", "demo", "study_panel.csv"),
                     "--y", "internet_penetration", "--x", "broadband_ports", "--contiguity", pairs,
                     "--target", self.modeling.target)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("weights.adjacency.units", result.stderr)
        self.assertIn("Atlantis", result.stderr)

    def test_bad_column_is_a_readable_error(self):
        result = run("fit", "--data", os.path.join(ROOT, "tests", "reference", "data", "produc_logs.csv"),
                     "--entity", "state", "--period", "year", "--y", "lgsp", "--x", "nope",
                     "--target", self.modeling.target)
        self.assertEqual(result.returncode, 1)
        self.assertIn("regressors[0]: no column 'nope' in panel", result.stderr)

    def test_gmm_reproduces_arellano_bond_table_4b(self):
        # plm::pgmm's golden (tests/reference/gmm/gmm_reference.R): AB (1991) table 4 col. b.
        with open(os.path.join(ROOT, "tests", "reference", "golden", "gmm.json"), encoding="utf-8") as f:
            golden = next(c for c in json.load(f)["cases"] if c["name"] == "empluk_ab91_table4b_twostep")
        result = run("gmm", "--data", os.path.join(ROOT, "tests", "reference", "data", "empluk_logs.csv"),
                     "--entity", "firm", "--period", "year", "--dependent", "lemp", "--dependent-lags", "1,2",
                     "--regressor", "lwage:0-1", "--regressor", "lcapital", "--regressor", "loutput:0-1",
                     "--gmm", "lemp:2", "--conventional", "--target", self.modeling.target)
        self.assertEqual(result.returncode, 0, result.stderr)
        for c in golden["coefficients"][:7]:
            self.assertRegex(result.stdout, rf"{re.escape(c['name'])}\s+{c['estimate']:.6f}")
        self.assertRegex(result.stdout,
                         rf"Hansen J\s+chi2\({golden['hansen']['df']}\)\s+{golden['hansen']['statistic']:.4f}")
        self.assertIn(f"instruments {golden['n_instruments']}", result.stdout)

    def test_gmm_without_instruments_is_a_readable_error(self):
        result = run("gmm", "--data", os.path.join(ROOT, "tests", "reference", "data", "empluk_logs.csv"),
                     "--entity", "firm", "--period", "year", "--dependent", "lemp", "--gmm", "nope",
                     "--target", self.modeling.target)
        self.assertEqual(result.returncode, 1)
        self.assertIn("gmm_instruments[0].column: no column 'nope' in panel", result.stderr)

    def test_fit_with_an_interaction_prints_simple_slopes_and_johnson_neyman(self):
        # R plm + sandwich (tests/reference/golden/moderation.json, produc_within_twoway_cluster_plm).
        with open(os.path.join(ROOT, "tests", "reference", "golden", "moderation.json"), encoding="utf-8") as f:
            golden = next(c for c in json.load(f)["cases"] if c["name"] == "produc_within_twoway_cluster_plm")
        result = run("fit", "--data", os.path.join(ROOT, "tests", "reference", "data", "produc_logs.csv"),
                     "--entity", "state", "--period", "year", "--y", "lgsp", "--x", "lpcap,lpc,lemp,unemp",
                     "--fe", "two-way", "--cluster", "entity", "--small-sample", "plm",
                     "--interaction", "lpcap:unemp", "--target", self.modeling.target)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Simple slopes of lpcap by unemp", result.stdout)
        for s in golden["simple_slopes"]:
            self.assertRegex(result.stdout, rf"{s['at']:.4f}\s+{s['slope']:.6f}\s+{s['std_error']:.6f}")
        self.assertIn("Johnson-Neyman: the slope is significant nowhere", result.stdout)

    def test_a_malformed_interaction_is_a_usage_error_naming_it(self):
        result = run("fit", "--data", os.path.join(ROOT, "tests", "reference", "data", "produc_logs.csv"),
                     "--entity", "state", "--period", "year", "--y", "lgsp", "--x", "lpcap,unemp",
                     "--interaction", "lpcap:unemp=low", "--target", self.modeling.target)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--interaction 'lpcap:unemp=low': 'low' is not a number", result.stderr)

    def test_tobit_random_effects_prints_coefficients_variance_components_and_effects_at_u0(self):
        # The numpy reference's golden (tests/reference/panel/tobit_random_effects_numpy.py).
        with open(os.path.join(ROOT, "tests", "reference", "golden", "tobit_random_effects.json"),
                  encoding="utf-8") as f:
            golden = next(c for c in json.load(f)["cases"] if c["name"] == "empluk_left")
        result = run("tobit", "--data", os.path.join(ROOT, "tests", "reference", "data", "empluk_tobit.csv"),
                     "--entity", "firm", "--period", "year", "--dependent", "lemp_c",
                     "--regressor", "lwage,lcapital,loutput", "--left", "0", "--model", "re",
                     "--target", self.modeling.target)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Random-effects Tobit", result.stdout)
        for name, estimate in zip(golden["names"], golden["coefficients"]):
            self.assertRegex(result.stdout, rf"{re.escape(name)}\s+{estimate:.6f}")
        self.assertRegex(result.stdout, rf"sigma_u = {golden['sigma_u']:.6f}")
        self.assertIn("Marginal effects at u_i = 0", result.stdout)
        table = next(t for t in golden["marginal_effects"] if t["at"] == "average" and t["kind"] == "unconditional")
        for name, effect in zip(table["names"], table["estimate"]):
            self.assertRegex(result.stdout, rf"{re.escape(name)}\s+E\[y\|x\]\s+average\s+{effect:.6f}")

    def test_tobit_with_a_limit_beyond_the_data_is_a_readable_error(self):
        result = run("tobit", "--data", os.path.join(ROOT, "tests", "reference", "data", "empluk_tobit.csv"),
                     "--entity", "firm", "--period", "year", "--dependent", "lemp_c", "--regressor", "lwage",
                     "--left", "100", "--model", "re", "--target", self.modeling.target)
        self.assertEqual(result.returncode, 1)
        self.assertIn("left_limit", result.stderr)

    def test_fit_reads_stata_spss_sas_and_excel_files_like_the_csv(self):
        data = os.path.join(ROOT, "tests", "reference", "data")
        def fit(path):
            return run("fit", "--data", path, "--entity", "state", "--period", "year", "--y", "gsp",
                       "--x", "pcap,pc,emp,unemp", "--fe", "two-way", "--cluster", "entity",
                       "--target", self.modeling.target)
        csv = fit(os.path.join(data, "produc.csv"))
        self.assertEqual(csv.returncode, 0, csv.stderr)
        for name in ("produc.dta", "produc.sav", "produc.zsav", "produc.sas7bdat", "produc.xlsx"):
            other = fit(os.path.join(data, "files", name))
            self.assertEqual(other.returncode, 0, other.stderr)
            self.assertEqual(other.stdout, csv.stdout, name)

    def test_bad_workbook_names_sheet_row_and_cell(self):
        result = run("fit", "--data", os.path.join(ROOT, "tests", "reference", "data", "files", "bad.xlsx"),
                     "--entity", "state", "--period", "year", "--y", "lpcap", "--x", "lpcap",
                     "--target", self.modeling.target)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("bad.xlsx, sheet 'merged', row 1: merged header cells C1:D1", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
