#!/usr/bin/python3
"""Generate the SYNTHETIC demo panel data/demo/study_panel.csv (and indicators.json).

**The demo panel is synthetic. It is NOT the data of the published study** (Liu & Zhang,
Administrative Reform 2024 no. 9). It only has the study's shape: 31 Chinese provinces x
2015-2021 = 217 province-years, the indicators that such studies use, three mediators and
five controls. The values come from a known data-generating process (DGP) so that the
pipeline can be checked against true effects. The DGP, its parameters and the index-scale
targets are documented in docs/data.md and recorded in data/demo/true_effects.json
(written by data/demo/compute_index_scale_targets.py).

Usage (from anywhere; paths default to the files next to this script):
    /usr/bin/python3 data/generate_demo_panel.py            # shipped seed, writes the files
    /usr/bin/python3 data/generate_demo_panel.py --seed 7 --out /tmp/p.csv --indicators-out ''

Requirements: /usr/bin/python3 with numpy and pandas only. Output is deterministic for a
given seed: numpy's PCG64 Generator (np.random.default_rng(seed)), a fixed order of draws
(the order is part of the DGP), values rounded to fixed decimals and written with explicit
format strings, UTF-8 without BOM, '\n' line endings. Made with numpy 1.24 / pandas 1.5.

The DGP in brief (all parameters are in PARAMS and INDICATORS below; t = year - 2015,
r(i) = three-region group of province i):
  D_it   = mu_r(i) + s_alpha z_i + (g + s_g z'_i) t + e_it                latent digital empowerment
  M_kit  = m0_k + a_k D_it + phi_ki + tau_kt + v_kit                      mediators (k = 1..3)
  X_lit  = control l: province level (partly tied to D's level) + trend + noise
  G_it   = c_r(i) D_it + sum_k b_k M_kit + gamma' X_it + eta_i + lambda_t + w_it
  indicator j of D: x = f_j(h), h = L_j + S_j (Ds_it + u_ji + e_jit) + trend_j t,
                    Ds = (D - D0)/Dsc, u_ji ~ N(0, sd_province_j), e_jit ~ N(0, sd_noise_j)
  indicator j of G: same with Gs = (G - G0)/Gsc
with f_j linear, exp, logistic (percentages) or rounded exp (counts); S_j < 0 exactly for
the negative-direction indicators, so every indicator is monotone in its latent.
"""

import argparse
import json
import os
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
PROVINCES_CSV = os.path.join(HERE, "regions", "china_provinces.csv")
DEFAULT_CSV = os.path.join(HERE, "demo", "study_panel.csv")
DEFAULT_INDICATORS_JSON = os.path.join(HERE, "demo", "indicators.json")

# The seed of the committed data/demo/study_panel.csv.
SHIPPED_SEED = 2024
YEARS = list(range(2015, 2022))
REGIONS3 = ["East", "Central", "West"]
MEDIATORS = ["digital_infrastructure", "digital_participation", "egov_service_quality"]
CONTROLS = ["ln_gdp_per_capita", "openness", "urbanization", "fiscal_decentralization",
            "industry_structure"]

# Every parameter of the latent part of the DGP. Units: D, M, G are latent scores on a
# 0-1-ish scale; t = year - 2015. true_effects.json embeds this dict verbatim.
PARAMS = {
    "latent_D": {
        "mu_region": {"East": 0.40, "Central": 0.25, "West": 0.20},
        "sd_province": 0.06,           # s_alpha
        "growth_mean": 0.04,           # g, per year
        "growth_sd": 0.01,             # s_g, province-specific growth
        "sd_noise": 0.03,              # e_it
        "standardise": {"center": 0.40, "scale": 0.14},  # Ds = (D - D0) / Dsc
    },
    "mediators": {
        # M_k = m0_k + a_k D + phi_ki + tau_kt + v_kit; tau_kt = trend_k t + N(0, sd_year)
        "digital_infrastructure": {"m0": 0.10, "a": 0.60, "sd_province": 0.04,
                                   "trend": 0.010, "sd_year": 0.005, "sd_noise": 0.045},
        "digital_participation": {"m0": 0.05, "a": 0.50, "sd_province": 0.04,
                                  "trend": 0.012, "sd_year": 0.005, "sd_noise": 0.045},
        "egov_service_quality": {"m0": 0.12, "a": 0.50, "sd_province": 0.04,
                                 "trend": 0.015, "sd_year": 0.005, "sd_noise": 0.045},
    },
    "controls": {
        # X = base + tie * (alpha_i - 0.28) + trend t + sd_province z_i + within * e_it
        #     + sd_noise n_it; transform "exp" means the sum is the log of the value.
        "ln_gdp_per_capita": {"base": 10.75, "tie": 1.5, "trend": 0.055, "sd_province": 0.15,
                              "within": 0.3, "sd_noise": 0.015, "transform": "identity",
                              "decimals": 4},
        "openness": {"base": -1.75, "tie": 4.0, "trend": -0.02, "sd_province": 0.35,
                     "within": 0.0, "sd_noise": 0.05, "transform": "exp", "decimals": 4},
        "urbanization": {"base": 0.585, "tie": 0.9, "trend": 0.009, "sd_province": 0.05,
                         "within": 0.0, "sd_noise": 0.004, "transform": "identity",
                         "decimals": 4},
        "fiscal_decentralization": {"base": 0.85, "tie": 0.0, "trend": 0.001,
                                    "sd_province": 0.035, "within": 0.0, "sd_noise": 0.008,
                                    "transform": "identity", "decimals": 4},
        "industry_structure": {"base": 0.15, "tie": 1.8, "trend": 0.035, "sd_province": 0.2,
                               "within": 0.0, "sd_noise": 0.03, "transform": "exp",
                               "decimals": 4},
    },
    "latent_G": {
        # G = c_r D + sum_k b_k M_k + gamma' X + eta_i + lambda_t + w_it
        "c_region": {"East": 1.25, "Central": 0.55, "West": 0.00},
        "b": {"digital_infrastructure": 0.40, "digital_participation": 0.35,
              "egov_service_quality": 0.30},
        "gamma": {"ln_gdp_per_capita": 0.08, "openness": 0.05, "urbanization": 0.30,
                  "fiscal_decentralization": 0.10, "industry_structure": 0.02},
        "sd_province": 0.04,           # eta_i
        "year_trend": 0.015,           # lambda_t = year_trend t + N(0, sd_year)
        "sd_year": 0.005,
        "sd_noise": 0.015,             # w_it
        "standardise": {"center": 1.90, "scale": 0.42},  # Gs = (G - G0) / Gsc
    },
}

# Indicators. value = f(h), h = L + S * (latent_std + u_i + e_it) + trend t with
# u_i ~ N(0, sd_province), e_it ~ N(0, sd_noise), latent_std = Ds or Gs:
#   linear: h
#   exp:    exp(h)
#   logit:  100 / (1 + exp(-h))          (percentages bounded by 100)
#   count:  round(exp(h))
# For "linear" L and S are in the indicator's units; for the others they are on the
# log / logit scale. sd_province and sd_noise are in units of the standardised latent
# (they are multiplied by S), so they read as "measurement noise in latent sd units".
# trend is 0 for every shipped indicator (kept as a hook for indicator-specific drifts).
def _ind(column, index, dimension, direction, name_en, name_zh, unit, unit_zh, transform,
         L, S, sd_province, sd_noise, decimals, trend=0.0):
    return {"column": column, "index": index, "dimension": dimension, "direction": direction,
            "name_en": name_en, "name_zh": name_zh, "unit": unit, "unit_zh": unit_zh,
            "transform": transform, "L": L, "S": S, "trend": trend,
            "sd_province": sd_province, "sd_noise": sd_noise, "decimals": decimals}


DE, GE = "digital_empowerment", "governance_efficiency"
INDICATORS = [
    # --- digital empowerment: technology ---
    _ind("broadband_ports", DE, "technology", "POSITIVE", "Internet broadband access ports",
         "互联网宽带接入端口", "ports per 100 people", "个/百人", "linear", 62.0, 16.0,
         0.25, 0.06, 2),
    _ind("mobile_penetration", DE, "technology", "POSITIVE", "Mobile phone penetration",
         "移动电话普及率", "phones per 100 people", "部/百人", "linear", 110.0, 13.0,
         0.30, 0.06, 2),
    _ind("software_revenue", DE, "technology", "POSITIVE",
         "Software and IT service revenue", "软件和信息技术服务业收入", "billion yuan",
         "十亿元", "exp", 4.3, 0.25, 0.35, 0.06, 2),
    _ind("digital_patents", DE, "technology", "POSITIVE",
         "Digital-economy invention patents granted", "数字经济发明专利授权数",
         "thousand", "千件", "exp", 1.0, 0.25, 0.35, 0.06, 3),
    # --- digital empowerment: organisation ---
    _ind("info_service_employment", DE, "organisation", "POSITIVE",
         "Employment in information transmission, software and IT services",
         "信息传输、软件和信息技术服务业从业人员", "10,000 persons", "万人", "exp", 2.5,
         0.20, 0.35, 0.06, 2),
    _ind("internet_enterprises", DE, "organisation", "POSITIVE",
         "Enterprises engaged in e-commerce", "有电子商务交易活动的企业比重",
         "percent of enterprises", "%", "linear", 10.5, 2.4, 0.30, 0.06, 2),
    _ind("open_data_platforms", DE, "organisation", "POSITIVE",
         "Government open-data platforms", "政府数据开放平台数量", "count", "个", "count",
         2.4, 0.25, 0.30, 0.06, 0),
    # --- digital empowerment: environment ---
    _ind("internet_penetration", DE, "environment", "POSITIVE", "Internet penetration",
         "互联网普及率", "percent of population", "%", "linear", 62.0, 7.0, 0.25, 0.06, 2),
    _ind("ecommerce_volume", DE, "environment", "POSITIVE", "E-commerce transaction volume",
         "电子商务交易额", "billion yuan", "十亿元", "exp", 6.0, 0.25, 0.35, 0.06, 1),
    _ind("digital_finance_index", DE, "environment", "POSITIVE",
         "Digital financial inclusion index (PKU-style)", "数字普惠金融指数", "index", "指数",
         "linear", 285.0, 42.0, 0.20, 0.05, 2),
    # --- governance efficiency: economic regulation ---
    _ind("gdp_growth_stability", GE, "economic_regulation", "POSITIVE",
         "GDP growth stability (inverse CV of growth)", "经济增长稳定性", "ratio", "比值",
         "linear", 6.0, 1.2, 0.30, 0.06, 3),
    _ind("cpi_deviation", GE, "economic_regulation", "NEGATIVE",
         "CPI deviation from the 3% target", "居民消费价格指数偏离度", "percentage points",
         "百分点", "exp", -0.3, -0.22, 0.30, 0.06, 3),
    _ind("unemployment_rate", GE, "economic_regulation", "NEGATIVE",
         "Registered urban unemployment rate", "城镇登记失业率", "percent", "%", "linear",
         3.2, -0.30, 0.30, 0.06, 2),
    # --- governance efficiency: market supervision ---
    _ind("market_entities_per_capita", GE, "market_supervision", "POSITIVE",
         "Registered market entities per 1,000 people", "每千人市场主体数",
         "per 1,000 people", "户/千人", "linear", 95.0, 20.0, 0.30, 0.06, 2),
    _ind("product_quality_pass_rate", GE, "market_supervision", "POSITIVE",
         "Product quality spot-check pass rate", "产品质量监督抽查合格率", "percent", "%",
         "logit", 2.75, 0.25, 0.30, 0.06, 2),
    # --- governance efficiency: social management ---
    _ind("urban_rural_income_ratio", GE, "social_management", "NEGATIVE",
         "Urban-rural income ratio", "城乡居民收入比", "ratio", "比值", "linear", 2.5,
         -0.22, 0.30, 0.06, 3),
    _ind("social_security_coverage", GE, "social_management", "POSITIVE",
         "Basic pension insurance coverage", "基本养老保险参保率", "percent", "%", "logit",
         1.9, 0.35, 0.30, 0.06, 2),
    # --- governance efficiency: public service ---
    _ind("education_health_share", GE, "public_service", "POSITIVE",
         "Education and health share of budget expenditure", "教育和卫生健康支出占比",
         "percent", "%", "linear", 24.0, 1.8, 0.30, 0.06, 2),
    _ind("hospital_beds_per_1000", GE, "public_service", "POSITIVE",
         "Hospital beds per 1,000 people", "每千人医疗卫生机构床位数", "per 1,000 people",
         "张/千人", "linear", 6.0, 0.55, 0.30, 0.06, 2),
    # --- governance efficiency: environmental protection ---
    _ind("pm25", GE, "environmental_protection", "NEGATIVE", "PM2.5 annual mean concentration",
         "PM2.5年均浓度", "micrograms per cubic metre", "微克/立方米", "linear", 44.0, -9.0,
         0.30, 0.06, 1),
    _ind("wastewater_treatment_rate", GE, "environmental_protection", "POSITIVE",
         "Urban wastewater treatment rate", "城市污水处理率", "percent", "%", "logit", 3.0,
         0.30, 0.30, 0.06, 2),
    _ind("green_coverage", GE, "environmental_protection", "POSITIVE",
         "Green coverage of built-up areas", "建成区绿化覆盖率", "percent", "%", "linear",
         40.0, 1.6, 0.30, 0.06, 2),
]

INDEX_META = {
    DE: {"name_en": "Digital empowerment", "name_zh": "数字赋能",
         "dimensions": [("technology", "Digital technology", "数字技术"),
                        ("organisation", "Digital organisation", "数字组织"),
                        ("environment", "Digital environment", "数字环境")]},
    GE: {"name_en": "Government governance efficiency", "name_zh": "政府治理效能",
         "dimensions": [("economic_regulation", "Economic regulation", "经济调节"),
                        ("market_supervision", "Market supervision", "市场监管"),
                        ("social_management", "Social management", "社会管理"),
                        ("public_service", "Public service", "公共服务"),
                        ("environmental_protection", "Environmental protection",
                         "生态环境保护")]},
}
MEDIATOR_META = [
    ("digital_infrastructure", "Digital infrastructure", "数字基础设施"),
    ("digital_participation", "Digital development groups (participation)", "数字发展群体"),
    ("egov_service_quality", "Digital government services", "数字政府服务"),
]
CONTROL_META = [
    ("ln_gdp_per_capita", "Economic development (log GDP per capita, yuan)", "经济发展水平"),
    ("openness", "Openness (trade / GDP)", "对外开放程度"),
    ("urbanization", "Urbanisation (urban population share)", "城镇化水平"),
    ("fiscal_decentralization", "Fiscal decentralisation (provincial share of per-capita "
     "expenditure)", "财政分权"),
    ("industry_structure", "Industrial structure (tertiary / secondary output)",
     "产业结构"),
]
MEDIATOR_DECIMALS = 4


def load_provinces(path=PROVINCES_CSV):
    """The versioned province table, sorted by GB/T 2260 code."""
    prov = pd.read_csv(path, dtype={"code": int}, encoding="utf-8")
    return prov.sort_values("code").reset_index(drop=True)


def _fix(values, decimals):
    """Round through the decimal text that the CSV will hold, so in-memory values equal the
    values a reader of the CSV gets (bit for bit)."""
    fmt = "%.{}f".format(decimals)
    return np.array([float(fmt % v) for v in np.asarray(values, dtype=float).ravel()]
                    ).reshape(np.shape(values))


def simulate(seed, provinces=None):
    """Draws one panel. Returns (DataFrame with the CSV columns, dict of latents).

    The DataFrame holds exactly the values the CSV will hold (already rounded). The latents
    (D, G, Ds, Gs, province / year effects) are for diagnostics and the target simulation.
    """
    if provinces is None:
        provinces = load_provinces()
    rng = np.random.default_rng(seed)
    n, T = len(provinces), len(YEARS)
    t = np.arange(T, dtype=float)                         # year - 2015
    region = provinces["region3"].to_numpy()
    p = PARAMS

    # 1. latent digital empowerment D (n x T)
    pd_ = p["latent_D"]
    mu = np.array([pd_["mu_region"][r] for r in region])
    alpha = mu + pd_["sd_province"] * rng.standard_normal(n)
    growth = pd_["growth_mean"] + pd_["growth_sd"] * rng.standard_normal(n)
    e_D = pd_["sd_noise"] * rng.standard_normal((n, T))
    D = alpha[:, None] + growth[:, None] * t[None, :] + e_D

    # 2. mediators
    M = {}
    for k in MEDIATORS:
        pk = p["mediators"][k]
        phi = pk["sd_province"] * rng.standard_normal(n)
        tau = pk["trend"] * t + pk["sd_year"] * rng.standard_normal(T)
        v = pk["sd_noise"] * rng.standard_normal((n, T))
        M[k] = pk["m0"] + pk["a"] * D + phi[:, None] + tau[None, :] + v
        M[k] = _fix(M[k], MEDIATOR_DECIMALS)  # G uses the values as written

    # 3. controls (partly tied to D's province level and, for GDP, to D's shocks)
    X = {}
    for l in CONTROLS:
        pl = p["controls"][l]
        lev = pl["sd_province"] * rng.standard_normal(n)
        noise = pl["sd_noise"] * rng.standard_normal((n, T))
        h = (pl["base"] + pl["tie"] * (alpha - 0.28))[:, None] + lev[:, None] \
            + pl["trend"] * t[None, :] + pl["within"] * e_D + noise
        val = np.exp(h) if pl["transform"] == "exp" else h
        X[l] = _fix(val, pl["decimals"])

    # 4. latent governance efficiency G
    pg = p["latent_G"]
    c = np.array([pg["c_region"][r] for r in region])
    eta = pg["sd_province"] * rng.standard_normal(n)
    lam = pg["year_trend"] * t + pg["sd_year"] * rng.standard_normal(T)
    w = pg["sd_noise"] * rng.standard_normal((n, T))
    G = c[:, None] * D + eta[:, None] + lam[None, :] + w
    for k in MEDIATORS:
        G = G + pg["b"][k] * M[k]
    for l in CONTROLS:
        G = G + pg["gamma"][l] * X[l]

    # 5. indicators
    Ds = (D - pd_["standardise"]["center"]) / pd_["standardise"]["scale"]
    Gs = (G - pg["standardise"]["center"]) / pg["standardise"]["scale"]
    ind = {}
    for spec in INDICATORS:
        lat = Ds if spec["index"] == DE else Gs
        u = spec["sd_province"] * rng.standard_normal(n)
        e = spec["sd_noise"] * rng.standard_normal((n, T))
        h = spec["L"] + spec["S"] * (lat + u[:, None] + e) + spec["trend"] * t[None, :]
        tr = spec["transform"]
        if tr == "linear":
            val = h
        elif tr == "exp":
            val = np.exp(h)
        elif tr == "logit":
            val = 100.0 / (1.0 + np.exp(-h))
        elif tr == "count":
            val = np.round(np.exp(h))
        else:
            raise ValueError("unknown transform " + tr)
        ind[spec["column"]] = _fix(val, spec["decimals"])

    # 6. assemble, province-major (code order), years ascending
    rows = {
        "entity": np.repeat(provinces["entity"].to_numpy(), T),
        "year": np.tile(np.array(YEARS), n),
        "name_zh": np.repeat(provinces["name_zh"].to_numpy(), T),
        "region3": np.repeat(provinces["region3"].to_numpy(), T),
        "region4": np.repeat(provinces["region4"].to_numpy(), T),
        "municipality": np.repeat(provinces["municipality"].to_numpy().astype(int), T),
    }
    for spec in INDICATORS:
        rows[spec["column"]] = ind[spec["column"]].ravel()
    for k in MEDIATORS:
        rows[k] = M[k].ravel()
    for l in CONTROLS:
        rows[l] = X[l].ravel()
    df = pd.DataFrame(rows)
    latents = {"D": D.ravel(), "G": G.ravel(), "Ds": Ds.ravel(), "Gs": Gs.ravel(),
               "alpha": alpha, "eta": eta}
    return df, latents


def column_decimals():
    dec = {s["column"]: s["decimals"] for s in INDICATORS}
    dec.update({k: MEDIATOR_DECIMALS for k in MEDIATORS})
    dec.update({l: PARAMS["controls"][l]["decimals"] for l in CONTROLS})
    return dec


def write_csv(df, path):
    """Plain CSV: header + data, UTF-8 without BOM, '\\n' line ends, fixed decimals."""
    dec = column_decimals()
    cols = list(df.columns)
    fmts = []
    for c in cols:
        if c in dec:
            fmts.append("%.{}f".format(dec[c]))
        elif c in ("year", "municipality"):
            fmts.append("%d")
        else:
            fmts.append(None)
    for c in cols:  # no field needs quoting: names contain no comma, quote or newline
        if df[c].dtype == object and df[c].str.contains('[,"\\n]').any():
            raise ValueError("column %s needs quoting" % c)
    lines = [",".join(cols)]
    data = [df[c].tolist() for c in cols]
    for r in range(len(df)):
        lines.append(",".join(str(data[j][r]) if f is None else f % data[j][r]
                              for j, f in enumerate(fmts)))
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")


def indicators_document():
    """data/demo/indicators.json: both index definitions, mediators, controls, labels."""
    indices = []
    for name in (DE, GE):
        meta = INDEX_META[name]
        indices.append({
            "name": name,
            "name_en": meta["name_en"],
            "name_zh": meta["name_zh"],
            "dimensions": [{"name": d, "name_en": en, "name_zh": zh}
                           for d, en, zh in meta["dimensions"]],
            "indicators": [{"column": s["column"], "dimension": s["dimension"],
                            "direction": s["direction"],
                            "proto_direction": "DIRECTION_" + s["direction"],
                            "name_en": s["name_en"], "name_zh": s["name_zh"],
                            "unit": s["unit"], "unit_zh": s["unit_zh"]}
                           for s in INDICATORS if s["index"] == name],
        })
    return {
        "description": "Index definitions for data/demo/study_panel.csv (SYNTHETIC demo data, "
                       "not the published study's data). See docs/data.md.",
        "version": 1,
        "panel": {"file": "study_panel.csv", "entity": "entity", "period": "year",
                  "entities": 31, "periods": YEARS},
        "indices": indices,
        "mediators": [{"column": c, "name_en": en, "name_zh": zh}
                      for c, en, zh in MEDIATOR_META],
        "controls": [{"column": c, "name_en": en, "name_zh": zh}
                     for c, en, zh in CONTROL_META],
        "labels": [
            {"column": "name_zh", "name_en": "Province (Chinese name)", "name_zh": "省份"},
            {"column": "region3", "name_en": "Three-region group (East/Central/West)",
             "name_zh": "三大区域", "levels": ["East", "Central", "West"],
             "levels_zh": ["东部", "中部", "西部"]},
            {"column": "region4", "name_en": "NBS four-region group",
             "name_zh": "四大区域", "levels": ["East", "Central", "West", "Northeast"],
             "levels_zh": ["东部", "中部", "西部", "东北"]},
            {"column": "municipality", "name_en": "Municipality directly under the "
             "central government (1/0)", "name_zh": "直辖市"},
        ],
    }


def write_indicators_json(path):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(indicators_document(), fh, ensure_ascii=False, indent=2)
        fh.write("\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=SHIPPED_SEED)
    ap.add_argument("--out", default=DEFAULT_CSV)
    ap.add_argument("--indicators-out", default=DEFAULT_INDICATORS_JSON,
                    help="'' to skip writing indicators.json")
    args = ap.parse_args(argv)
    df, _ = simulate(args.seed)
    write_csv(df, args.out)
    if args.indicators_out:
        write_indicators_json(args.indicators_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
