"""Writes the Produc study with every entry of the robustness menu, in English and Chinese.

    /usr/bin/python3 data/produc/make_menu_spec.py   # -> data/produc/study_spec_menu_{en,zh}.json

Starts from data/produc/study_spec.json (the study shipped with the repository: an entropy
index of public infrastructure explaining log gross state product in 48 US states,
1970-1986) and adds the menu (docs/reporting.md, "The robustness menu"). Every US-specific
choice lives here, not in the code: the states dropped, the census division excluded, the
recession years excluded.
"""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

ZH_LABELS = {
    "lgsp": "州生产总值（对数）", "lemp": "就业（对数）", "unemp": "失业率", "lpc": "私人资本（对数）",
    "lpcap": "公共资本（对数）", "gsp": "州生产总值", "hwy": "公路与街道", "water": "供水与排污设施",
    "util": "其他公共建筑与设施", "pc": "私人资本", "region": "人口普查分区", "New England": "新英格兰",
    "Mid Atlantic": "中大西洋", "East North Central": "东北中部", "West North Central": "西北中部",
    "South Atlantic": "南大西洋", "East South Central": "东南中部", "West South Central": "西南中部",
    "Mountain": "山地", "Pacific": "太平洋",
}


def menu_spec(lang: str) -> dict:
    zh = lang == "zh"
    spec = copy.deepcopy(json.load(open(os.path.join(HERE, "study_spec.json"), encoding="utf-8")))
    x_index = spec["explanatory"]["index"]
    spec["title"] = ("公共资本与州产出：稳健性检验菜单（Produc，美国各州 1970-1986，R plm 真实数据）" if zh else
                     "Public capital and state output: the robustness menu (Produc, US states 1970-1986)")
    spec["language"] = "LANGUAGE_ZH" if zh else "LANGUAGE_EN"
    spec["formats"] = ["FORMAT_HTML", "FORMAT_MARKDOWN", "FORMAT_CSV", "FORMAT_JSON"]
    if zh:
        spec["explanatory"]["label"] = "公共基础设施指数（熵权：公路、供排水、其他设施）"
        spec["outcome"]["label"] = ZH_LABELS["lgsp"]
        spec["mediators"][0]["label"] = ZH_LABELS["lpc"]
        spec["robustness"][3]["label"] = "剔除加州、纽约州、得州"
        spec["labels"] = [{"column": k, "label": v} for k, v in ZH_LABELS.items()]
    else:
        spec["labels"] += [{"column": "lpcap", "label": "log public capital"},
                           {"column": "gsp", "label": "gross state product"},
                           {"column": "region", "label": "census division"}]
    topsis = dict(x_index, name="public_infrastructure_topsis", method="WEIGHTING_METHOD_ENTROPY_TOPSIS")
    spec["robustness"] += [
        {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_EXPLANATORY", "variable": {"column": "lpcap"}},
        {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_EXPLANATORY",
         "variable": {"index": topsis, "label": "公共基础设施（熵权TOPSIS）" if zh else "Public infrastructure (entropy-TOPSIS)"}},
        {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_OUTCOME", "variable": {"column": "gsp"}},
        {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR", "estimator": "ESTIMATOR_RANDOM_EFFECTS"},
        {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR", "estimator": "ESTIMATOR_FIRST_DIFFERENCE"},
        {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR", "estimator": "ESTIMATOR_POOLED_OLS"},
        # The syntax of an IV column: the index instrumented by log public capital.
        {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR", "estimator": "ESTIMATOR_IV", "instruments": ["lpcap"],
         "label": "工具变量：公共资本（对数）" if zh else "IV: log public capital"},
        {"check": "ROBUSTNESS_CHECK_EXTRA_FIXED_EFFECTS", "fixedEffects": [{"labels": ["region", "period"]}]},
        {"check": "ROBUSTNESS_CHECK_ENTITY_TRENDS"},
        {"check": "ROBUSTNESS_CHECK_VARIANCE", "variance": {"type": "VARIANCE_TYPE_HC1"}},
        {"check": "ROBUSTNESS_CHECK_LAGGED_REGRESSOR", "lag": 2},
        {"check": "ROBUSTNESS_CHECK_WINSORIZED", "winsorLower": 0.05, "winsorUpper": 0.95, "byPeriod": True},
        {"check": "ROBUSTNESS_CHECK_TRIMMED", "winsorLower": 0.02, "winsorUpper": 0.98, "byPeriod": True},
        {"check": "ROBUSTNESS_CHECK_EXCLUDE_LABEL_VALUES", "dropLabel": "region", "dropLabelValues": ["New England"]},
        {"check": "ROBUSTNESS_CHECK_EXCLUDE_PERIODS", "dropPeriods": [1974, 1975, 1982],
         "label": "剔除衰退年份" if zh else "Excl. recession years"},
        # Dynamic-panel GMM: the defaults (system, two-step, collapsed, lags 2 and deeper),
        # then difference GMM with two lags of the outcome, the index endogenous too and
        # instruments from lags 2-4 only.
        {"check": "ROBUSTNESS_CHECK_DYNAMIC_PANEL_GMM"},
        {"check": "ROBUSTNESS_CHECK_DYNAMIC_PANEL_GMM",
         "gmm": {"transformation": "GMM_TRANSFORMATION_DIFFERENCE", "minLag": 2, "maxLag": 4,
                 "endogenousExplanatory": True, "outcomeLags": 2},
         "label": "差分GMM（两期滞后，指数内生，工具滞后 2-4 期）" if zh
         else "Difference GMM (two lags, index endogenous, instruments lags 2-4)"},
        {"check": "ROBUSTNESS_CHECK_PLACEBO", "placeboDraws": 200},
    ]
    return spec


if __name__ == "__main__":
    for lang in ("en", "zh"):
        path = os.path.join(HERE, f"study_spec_menu_{lang}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(menu_spec(lang), f, ensure_ascii=False, indent=2)
            f.write("\n")
        print("wrote", path)
