#!/usr/bin/python3
"""Checks the datasets under data/ (see docs/data.md).

  * data/regions/china_provinces.csv: 31 provinces, GB/T 2260 codes, the region splits of
    STUDY.md (11/8/12 and 10/6/12/3), the four municipalities;
  * data/demo/study_panel.csv (SYNTHETIC): shape, keys, labels, Chinese names, no missing
    values, plausible ranges, and that the generator reproduces it byte for byte;
  * data/demo/indicators.json: both index definitions refer to real columns;
  * data/demo/true_effects.json: parameters equal the generator's, latent effects follow
    from them, and re-estimating on the committed CSV gives the recorded shipped-seed
    estimates, each within 3 sd of its index-scale target, with East > Central > West;
  * data/produc/produc_study.csv: the Produc panel, and the R export reproduces it.

Run: /usr/bin/python3 tests/data/check_demo_data.py   (exit status 0 = all passed)
"""

import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import pandas as pd

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = os.path.join(ROOT, "data")
PROVINCES = os.path.join(DATA, "regions", "china_provinces.csv")
PANEL = os.path.join(DATA, "demo", "study_panel.csv")
INDICATORS = os.path.join(DATA, "demo", "indicators.json")
TRUE_EFFECTS = os.path.join(DATA, "demo", "true_effects.json")
PRODUC = os.path.join(DATA, "produc", "produc_study.csv")
RSCRIPT = "/usr/bin/Rscript"


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


gen = load_module("generate_demo_panel", os.path.join(DATA, "generate_demo_panel.py"))
targets_mod = load_module("compute_index_scale_targets",
                          os.path.join(DATA, "demo", "compute_index_scale_targets.py"))

# Facts from /work/shared/design/STUDY.md, typed here independently of the CSV.
EAST3 = {"Beijing", "Tianjin", "Hebei", "Liaoning", "Shanghai", "Jiangsu", "Zhejiang",
         "Fujian", "Shandong", "Guangdong", "Hainan"}
CENTRAL3 = {"Shanxi", "Jilin", "Heilongjiang", "Anhui", "Jiangxi", "Henan", "Hubei", "Hunan"}
WEST = {"Inner Mongolia", "Guangxi", "Chongqing", "Sichuan", "Guizhou", "Yunnan", "Tibet",
        "Shaanxi", "Gansu", "Qinghai", "Ningxia", "Xinjiang"}
NORTHEAST = {"Liaoning", "Jilin", "Heilongjiang"}
MUNICIPALITIES = {"Beijing", "Tianjin", "Shanghai", "Chongqing"}
GBT2260 = {11: "Beijing", 12: "Tianjin", 13: "Hebei", 14: "Shanxi", 15: "Inner Mongolia",
           21: "Liaoning", 22: "Jilin", 23: "Heilongjiang", 31: "Shanghai", 32: "Jiangsu",
           33: "Zhejiang", 34: "Anhui", 35: "Fujian", 36: "Jiangxi", 37: "Shandong",
           41: "Henan", 42: "Hubei", 43: "Hunan", 44: "Guangdong", 45: "Guangxi",
           46: "Hainan", 50: "Chongqing", 51: "Sichuan", 52: "Guizhou", 53: "Yunnan",
           54: "Tibet", 61: "Shaanxi", 62: "Gansu", 63: "Qinghai", 64: "Ningxia",
           65: "Xinjiang"}
ZH = {"East": "东部", "Central": "中部", "West": "西部", "Northeast": "东北"}


def is_cjk(text):
    return len(text) > 0 and all("\u4e00" <= ch <= "\u9fff" for ch in text)


def read_bytes(path):
    with open(path, "rb") as fh:
        return fh.read()


def read_utf8_strict(path):
    raw = read_bytes(path)
    return raw, raw.decode("utf-8", errors="strict")


class ProvinceTable(unittest.TestCase):
    def setUp(self):
        self.p = pd.read_csv(PROVINCES, encoding="utf-8")

    def test_has_the_31_gbt2260_provinces(self):
        self.assertEqual(len(self.p), 31)
        self.assertEqual(dict(zip(self.p["code"], self.p["entity"])), GBT2260)

    def test_three_region_split_matches_study(self):
        got = {r: set(self.p.loc[self.p.region3 == r, "entity"]) for r in
               ("East", "Central", "West")}
        self.assertEqual(got, {"East": EAST3, "Central": CENTRAL3, "West": WEST})
        self.assertEqual([len(got[r]) for r in ("East", "Central", "West")], [11, 8, 12])

    def test_nbs_four_region_split_matches_study(self):
        got = {r: set(self.p.loc[self.p.region4 == r, "entity"]) for r in
               ("East", "Central", "West", "Northeast")}
        self.assertEqual(got["East"], EAST3 - {"Liaoning"})
        self.assertEqual(got["Central"], CENTRAL3 - NORTHEAST)
        self.assertEqual(got["West"], WEST)
        self.assertEqual(got["Northeast"], NORTHEAST)
        self.assertEqual([len(got[r]) for r in ("East", "Central", "West", "Northeast")],
                         [10, 6, 12, 3])

    def test_chinese_labels_agree_with_english_labels(self):
        self.assertTrue(all(self.p.region3_zh == self.p.region3.map(ZH)))
        self.assertTrue(all(self.p.region4_zh == self.p.region4.map(ZH)))
        self.assertTrue(all(self.p.name_zh.map(is_cjk)), "name_zh must be Chinese")
        self.assertEqual(self.p.name_zh.nunique(), 31)
        self.assertEqual(self.p.loc[self.p.code == 15, "name_zh"].item(), "内蒙古")

    def test_municipalities_are_the_four(self):
        self.assertEqual(set(self.p.loc[self.p.municipality == 1, "entity"]), MUNICIPALITIES)
        self.assertEqual(set(self.p.municipality), {0, 1})


class DemoPanel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.raw, cls.text = read_utf8_strict(PANEL)
        cls.df = pd.read_csv(PANEL, encoding="utf-8", float_precision="round_trip")
        cls.prov = pd.read_csv(PROVINCES, encoding="utf-8")

    def test_is_plain_utf8_csv_without_bom_or_comments(self):
        self.assertFalse(self.raw.startswith(b"\xef\xbb\xbf"), "BOM found")
        self.assertNotIn(b"\r", self.raw)
        self.assertTrue(self.raw.endswith(b"\n"))
        self.assertFalse(any(line.startswith("#") for line in self.text.splitlines()))

    def test_has_217_rows_and_the_documented_columns_in_order(self):
        self.assertEqual(len(self.df), 217)
        expected = (["entity", "year", "name_zh", "region3", "region4", "municipality"]
                    + [s["column"] for s in gen.INDICATORS] + gen.MEDIATORS + gen.CONTROLS)
        self.assertEqual(list(self.df.columns), expected)

    def test_entity_year_is_a_unique_balanced_key(self):
        self.assertFalse(self.df.duplicated(["entity", "year"]).any())
        self.assertEqual(self.df.entity.nunique(), 31)
        self.assertEqual(sorted(self.df.year.unique()), list(range(2015, 2022)))
        self.assertTrue((self.df.groupby("entity").size() == 7).all())

    def test_has_no_missing_values(self):
        self.assertEqual(int(self.df.isna().sum().sum()), 0)
        num = self.df.select_dtypes("number").to_numpy(dtype=float)
        self.assertTrue(np.isfinite(num).all())

    def test_labels_agree_with_the_province_table(self):
        per = self.df.drop_duplicates("entity").set_index("entity")
        ref = self.prov.set_index("entity")
        for col in ("name_zh", "region3", "region4", "municipality"):
            self.assertTrue((per[col] == ref.loc[per.index, col]).all(), col)
        counts3 = per.region3.value_counts().to_dict()
        counts4 = per.region4.value_counts().to_dict()
        self.assertEqual(counts3, {"East": 11, "Central": 8, "West": 12})
        self.assertEqual(counts4, {"East": 10, "Central": 6, "West": 12, "Northeast": 3})
        self.assertTrue(self.df.name_zh.map(is_cjk).all())

    def test_values_are_in_plausible_units(self):
        d = self.df
        for s in gen.INDICATORS:
            self.assertTrue((d[s["column"]] > 0).all(), s["column"])
        for c in ("product_quality_pass_rate", "social_security_coverage",
                  "wastewater_treatment_rate", "internet_penetration"):
            self.assertTrue((d[c] < 100).all(), c)
        self.assertTrue(d.mobile_penetration.between(60, 160).all())
        self.assertTrue(d.pm25.between(10, 100).all())
        for m in gen.MEDIATORS:
            self.assertTrue(d[m].between(-0.1, 1.1).all(), m)
        self.assertTrue(d.urbanization.between(0.2, 0.95).all())

    def test_generator_reproduces_the_committed_files_byte_for_byte(self):
        tmp = tempfile.mkdtemp()
        try:
            csv_out = os.path.join(tmp, "p.csv")
            json_out = os.path.join(tmp, "i.json")
            subprocess.run([sys.executable, os.path.join(DATA, "generate_demo_panel.py"),
                            "--out", csv_out, "--indicators-out", json_out], check=True)
            self.assertEqual(read_bytes(csv_out), self.raw,
                             "study_panel.csv differs from a fresh generation")
            self.assertEqual(read_bytes(json_out), read_bytes(INDICATORS),
                             "indicators.json differs from a fresh generation")
        finally:
            shutil.rmtree(tmp)

    def test_another_seed_gives_different_data(self):
        a, _ = gen.simulate(gen.SHIPPED_SEED)
        b, _ = gen.simulate(gen.SHIPPED_SEED + 1)
        self.assertFalse(np.array_equal(a.broadband_ports, b.broadband_ports))


class IndicatorDefinitions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        _, text = read_utf8_strict(INDICATORS)
        cls.doc = json.loads(text)
        cls.cols = set(pd.read_csv(PANEL, nrows=1).columns)

    def test_defines_both_indices_with_their_dimensions(self):
        idx = {i["name"]: i for i in self.doc["indices"]}
        self.assertEqual(set(idx), {"digital_empowerment", "governance_efficiency"})
        self.assertEqual(idx["digital_empowerment"]["name_zh"], "数字赋能")
        self.assertEqual(idx["governance_efficiency"]["name_zh"], "政府治理效能")
        self.assertEqual(len(idx["digital_empowerment"]["dimensions"]), 3)
        self.assertEqual(len(idx["governance_efficiency"]["dimensions"]), 5)
        self.assertEqual(len(idx["digital_empowerment"]["indicators"]), 10)
        self.assertEqual(len(idx["governance_efficiency"]["indicators"]), 12)

    def test_every_indicator_is_a_panel_column_with_direction_and_names(self):
        for index in self.doc["indices"]:
            dims = {d["name"] for d in index["dimensions"]}
            for ind in index["indicators"]:
                self.assertIn(ind["column"], self.cols)
                self.assertIn(ind["dimension"], dims)
                self.assertIn(ind["direction"], ("POSITIVE", "NEGATIVE"))
                self.assertEqual(ind["proto_direction"], "DIRECTION_" + ind["direction"])
                self.assertTrue(ind["name_en"] and ind["name_zh"])
            self.assertTrue(all(any(is_cjk(ch) for ch in d["name_zh"])
                                for d in index["dimensions"]))
        neg = {i["column"] for x in self.doc["indices"] for i in x["indicators"]
               if i["direction"] == "NEGATIVE"}
        self.assertEqual(neg, {"cpi_deviation", "unemployment_rate",
                               "urban_rural_income_ratio", "pm25"})
        self.assertEqual(self.doc["indices"][0]["indicators"][0]["name_zh"], "互联网宽带接入端口")

    def test_mediators_and_controls_are_panel_columns(self):
        for group in ("mediators", "controls"):
            for item in self.doc[group]:
                self.assertIn(item["column"], self.cols)
                self.assertTrue(item["name_zh"])
        self.assertEqual(len(self.doc["mediators"]), 3)
        self.assertEqual(len(self.doc["controls"]), 5)


class TrueEffects(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(TRUE_EFFECTS, encoding="utf-8") as fh:
            cls.te = json.load(fh)
        cls.df = pd.read_csv(PANEL, encoding="utf-8", float_precision="round_trip")

    def test_records_the_generator_parameters_and_seed(self):
        self.assertEqual(self.te["parameters"], json.loads(json.dumps(gen.PARAMS)))
        self.assertEqual(self.te["shipped_seed"], gen.SHIPPED_SEED)
        keys = ("column", "index", "dimension", "direction", "transform", "L", "S", "trend",
                "sd_province", "sd_noise", "decimals")
        self.assertEqual(self.te["indicator_parameters"],
                         [{k: s[k] for k in keys} for s in gen.INDICATORS])

    def test_latent_effects_follow_from_the_parameters(self):
        lat = self.te["latent_effects"]
        p = gen.PARAMS
        tot_ind = 0.0
        for k in gen.MEDIATORS:
            ab = p["mediators"][k]["a"] * p["latent_G"]["b"][k]
            self.assertAlmostEqual(lat["indirect_a_times_b"][k], ab, places=12)
            self.assertGreater(ab, 0)
            tot_ind += ab
        c = p["latent_G"]["c_region"]
        for r in gen.REGIONS3:
            self.assertAlmostEqual(lat["total_by_region"][r], c[r] + tot_ind, places=12)
        self.assertGreater(c["East"], c["Central"])
        self.assertGreater(c["Central"], c["West"])

    def test_targets_are_complete_and_sensible(self):
        t = self.te["index_scale"]["targets"]
        expected = {"baseline"} | {"region_" + r for r in gen.REGIONS3}
        for k in gen.MEDIATORS:
            expected |= {p + k for p in ("a_", "b_", "direct_", "indirect_")}
        self.assertEqual(set(t), expected)
        for k, v in t.items():
            self.assertTrue(math.isfinite(v["mean"]) and v["sd"] > 0, k)
            self.assertGreater(v["mean"], 0, k)
        self.assertGreater(t["region_East"]["mean"], t["region_Central"]["mean"])
        self.assertGreater(t["region_Central"]["mean"], t["region_West"]["mean"])

    def test_committed_csv_reproduces_the_recorded_shipped_estimates(self):
        est, _, _ = targets_mod.estimate(self.df, gen)
        rec = self.te["shipped_seed_estimates"]
        self.assertEqual(set(est), set(rec))
        for k in est:
            for f in ("estimate", "se"):
                self.assertTrue(math.isclose(est[k][f], rec[k][f], rel_tol=1e-9,
                                             abs_tol=1e-12), (k, f))

    def test_shipped_estimates_lie_within_3_sd_of_the_targets(self):
        t = self.te["index_scale"]["targets"]
        for k, v in self.te["shipped_seed_estimates"].items():
            self.assertLessEqual(abs(v["estimate"] - t[k]["mean"]), 3 * t[k]["sd"], k)

    def test_shipped_seed_shows_the_study_findings(self):
        e = self.te["shipped_seed_estimates"]
        self.assertGreater(e["baseline"]["t"], 1.96)
        for k in gen.MEDIATORS:
            for p in ("a_", "b_", "indirect_"):
                self.assertGreater(e[p + k]["t"], 1.96, p + k)
        self.assertGreater(e["region_East"]["estimate"], e["region_Central"]["estimate"])
        self.assertGreater(e["region_Central"]["estimate"], e["region_West"]["estimate"])


class IndependentChecksOfTheNumpyMethod(unittest.TestCase):
    """The target script's entropy index and two-way FE, checked against brute force."""

    def test_entropy_weights_match_the_textbook_loop(self):
        rng = np.random.default_rng(3)
        X = rng.uniform(1, 10, size=(20, 3))
        dirs = [1, -1, 1]
        score, w = targets_mod.entropy_index(X, dirs)
        n = X.shape[0]
        div = []
        for j in range(3):
            x = X[:, j]
            z = [(v - x.min()) / (x.max() - x.min()) if dirs[j] > 0 else
                 (x.max() - v) / (x.max() - x.min()) for v in x]
            tot = sum(zz + 1e-4 for zz in z)
            e = -sum((zz + 1e-4) / tot * math.log((zz + 1e-4) / tot) for zz in z) / math.log(n)
            div.append(1 - e)
        w_ref = [d / sum(div) for d in div]
        np.testing.assert_allclose(w, w_ref, rtol=1e-12)
        self.assertAlmostEqual(w.sum(), 1.0, places=14)

    def test_two_way_fe_matches_dummy_variable_ols(self):
        rng = np.random.default_rng(4)
        ent = np.repeat(np.arange(6), 5)
        per = np.tile(np.arange(5), 6)
        X = rng.standard_normal((30, 2))
        y = X @ [1.5, -0.5] + ent * 0.3 + per * 0.2 + rng.standard_normal(30) * 0.1
        b, _ = targets_mod.fe_ols(y, X, ent, per)
        D = np.column_stack([X, np.eye(6)[ent], np.eye(5)[per][:, 1:]])
        b_ref = np.linalg.lstsq(D, y, rcond=None)[0][:2]
        np.testing.assert_allclose(b, b_ref, rtol=1e-10)


class ProducPanel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.raw, _ = read_utf8_strict(PRODUC)
        cls.df = pd.read_csv(PRODUC, float_precision="round_trip")

    def test_is_the_48_state_1970_1986_panel_with_census_divisions(self):
        d = self.df
        self.assertEqual(d.shape, (816, 16))
        self.assertEqual(d.state.nunique(), 48)
        self.assertEqual((d.year.min(), d.year.max()), (1970, 1986))
        self.assertFalse(d.duplicated(["state", "year"]).any())
        self.assertEqual(int(d.isna().sum().sum()), 0)
        per_state = d.drop_duplicates("state")
        self.assertEqual(per_state.region.value_counts().to_dict(),
                         {"South Atlantic": 8, "Mountain": 8, "West North Central": 7,
                          "New England": 6, "East North Central": 5, "Mid Atlantic": 3,
                          "Pacific": 3, "East South Central": 4, "West South Central": 4})
        self.assertEqual(per_state.set_index("state").loc["CALIFORNIA", "region"], "Pacific")
        self.assertEqual(per_state.set_index("state").loc["MAINE", "region_code"], 1)

    def test_log_columns_are_logs_of_the_raw_columns(self):
        d = self.df
        for lg, raw in (("lgsp", "gsp"), ("lpcap", "pcap"), ("lpc", "pc"), ("lemp", "emp")):
            np.testing.assert_allclose(d[lg], np.log(d[raw]), rtol=0, atol=1e-13)
        np.testing.assert_allclose(d.pcap, d.hwy + d.water + d.util, rtol=1e-3)

    @unittest.skipUnless(os.path.exists(RSCRIPT),
                         "R is installed by scripts/setup.sh --reference only")
    def test_r_export_reproduces_the_committed_csv(self):
        tmp = tempfile.mkdtemp()
        try:
            out = os.path.join(tmp, "produc_study.csv")
            subprocess.run([RSCRIPT, os.path.join(DATA, "produc", "export_produc.R"), out],
                           check=True, stdout=subprocess.DEVNULL)
            self.assertEqual(read_bytes(out), self.raw)
        finally:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    unittest.main(verbosity=2)
