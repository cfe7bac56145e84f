"""Writes the demo StudySpecs (protobuf JSON) in English and Chinese from indicators.json.

    /usr/bin/python3 data/demo/make_study_spec.py
    # -> data/demo/study_spec_{en,zh}.json, data/demo/study_spec_menu_{en,zh}.json

The spec describes the motivating study on the SYNTHETIC demo panel: both entropy
indices, five controls, three mediators, East/Central/West heterogeneity, seven
robustness checks, 1000 bootstrap replications and 1000 permutations, and the
spatio-temporal, spatial spillover and threshold sections. The "menu" spec is the same
study with every entry of the robustness menu (docs/reporting.md), 24 checks.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def spec(lang: str) -> dict:
    d = json.load(open(os.path.join(HERE, "indicators.json"), encoding="utf-8"))
    name = "name_zh" if lang == "zh" else "name_en"
    labels = []

    def index_variable(idx):
        labels.extend({"column": dim["name"], "label": dim[name]} for dim in idx["dimensions"])
        labels.extend({"column": ind["column"], "label": ind[name]} for ind in idx["indicators"])
        return {"index": {"name": idx["name"], "method": "WEIGHTING_METHOD_ENTROPY",
                          "indicators": [{"column": i["column"], "direction": i["proto_direction"],
                                          "dimension": i["dimension"]} for i in idx["indicators"]]},
                "label": idx[name]}

    explanatory = next(i for i in d["indices"] if i["name"] == "digital_empowerment")
    outcome = next(i for i in d["indices"] if i["name"] != "digital_empowerment")
    labels.extend({"column": m["column"], "label": m[name]} for m in d["mediators"])
    labels.extend({"column": c["column"], "label": c[name]} for c in d["controls"])
    region = next(l for l in d["labels"] if l["column"] == "region3")
    if lang == "zh":
        labels.extend({"column": en, "label": zh} for en, zh in zip(region["levels"], region["levels_zh"]))
    return {
        "title": ("数字赋能与政府治理效能：演示研究（合成数据）" if lang == "zh" else
                  "Digital empowerment and government governance efficiency: demo study (synthetic data)"),
        "explanatory": index_variable(explanatory),
        "outcome": index_variable(outcome),
        "controls": [c["column"] for c in d["controls"]],
        "mediators": [{"column": m["column"], "label": m[name]} for m in d["mediators"]],
        "groupBy": "region3",
        "robustness": [
            {"check": "ROBUSTNESS_CHECK_LAGGED_REGRESSOR", "lag": 1},
            {"check": "ROBUSTNESS_CHECK_WINSORIZED", "winsorLower": 0.01, "winsorUpper": 0.99},
            {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_WEIGHTING", "alternativeMethod": "WEIGHTING_METHOD_CRITIC"},
            {"check": "ROBUSTNESS_CHECK_DROP_SUBSET",
             "dropEntities": ["Beijing", "Tianjin", "Shanghai", "Chongqing"],
             "label": "剔除直辖市" if lang == "zh" else "Drop municipalities"},
            {"check": "ROBUSTNESS_CHECK_DRISCOLL_KRAAY"},
            {"check": "ROBUSTNESS_CHECK_TWO_WAY_CLUSTER"},
            {"check": "ROBUSTNESS_CHECK_WILD_CLUSTER_BOOTSTRAP"},
        ],
        "variance": {"type": "VARIANCE_TYPE_CLUSTER", "clusterBy": ["entity"],
                     "smallSample": "SMALL_SAMPLE_STATA"},
        "bootstrap": {"replications": 1000, "seed": "20240901", "ciMethod": "CI_METHOD_PERCENTILE",
                      "resample": "RESAMPLE_ENTITY_BLOCK"},
        "permutations": 1000,
        "seed": "20240901",
        "formats": ["FORMAT_HTML", "FORMAT_MARKDOWN", "FORMAT_LATEX", "FORMAT_CSV", "FORMAT_JSON",
                    "FORMAT_XLSX", "FORMAT_DOCX"],
        "language": "LANGUAGE_ZH" if lang == "zh" else "LANGUAGE_EN",
        "labels": labels,
        # Spatio-temporal evolution of both indices by East/Central/West, spatial Markov
        # chains over the shipped province contiguity (docs/reporting.md).
        "spatioTemporal": {"enabled": True, "spatialWeights": {"chinaProvinceContiguity": {}}},
        # Moran's I / LISA of both indices and the spillover model chosen by the LM and
        # Wald tests (default weights: the shipped contiguity); the threshold effect of the
        # explanatory index on the outcome, the index as its own threshold variable.
        "spatial": {"enabled": True},
        "threshold": {"enabled": True},
    }


def menu_spec(lang: str) -> dict:
    """Every robustness menu entry once (the estimators each), with analyst labels on some."""
    zh = lang == "zh"
    d = json.load(open(os.path.join(HERE, "indicators.json"), encoding="utf-8"))
    x_index = next(i for i in d["indices"] if i["name"] == "digital_empowerment")
    y_index = next(i for i in d["indices"] if i["name"] != "digital_empowerment")

    def index(idx, name, method):
        return {"name": name, "method": method,
                "indicators": [{"column": i["column"], "direction": i["proto_direction"],
                                "dimension": i["dimension"]} for i in idx["indicators"]]}

    base = spec(lang)
    # The menu spec exercises the robustness menu; the spatial and threshold sections are
    # the default spec's (as committed, so the menu tests stay quick).
    for section in ("spatioTemporal", "spatial", "threshold"):
        base.pop(section)
    base["title"] = ("数字赋能与政府治理效能：稳健性检验菜单（合成数据）" if zh else
                     "Digital empowerment and government governance efficiency: the robustness menu (synthetic data)")
    base["robustness"] = base["robustness"] + [
        {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_EXPLANATORY",
         "variable": {"index": index(x_index, "digital_empowerment_topsis", "WEIGHTING_METHOD_ENTROPY_TOPSIS"),
                      "label": "数字赋能（熵权TOPSIS）" if zh else "Digital empowerment (entropy-TOPSIS)"}},
        {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_EXPLANATORY", "variable": {"column": "internet_penetration"}},
        {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_OUTCOME",
         "variable": {"index": index(y_index, "governance_efficiency_equal", "WEIGHTING_METHOD_EQUAL"),
                      "label": "治理效能（等权）" if zh else "Governance efficiency (equal weights)"}},
        {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR", "estimator": "ESTIMATOR_RANDOM_EFFECTS"},
        {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR", "estimator": "ESTIMATOR_FIRST_DIFFERENCE"},
        {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR", "estimator": "ESTIMATOR_POOLED_OLS"},
        # The syntax of an IV column: the explanatory index instrumented by a column.
        {"check": "ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR", "estimator": "ESTIMATOR_IV",
         "instruments": ["open_data_platforms"],
         "label": "工具变量：开放数据平台" if zh else "IV: open data platforms"},
        {"check": "ROBUSTNESS_CHECK_EXTRA_FIXED_EFFECTS", "fixedEffects": [{"labels": ["region3", "period"]}]},
        {"check": "ROBUSTNESS_CHECK_ENTITY_TRENDS"},
        {"check": "ROBUSTNESS_CHECK_VARIANCE", "variance": {"type": "VARIANCE_TYPE_HC1"}},
        {"check": "ROBUSTNESS_CHECK_LAGGED_REGRESSOR", "lag": 2},
        {"check": "ROBUSTNESS_CHECK_WINSORIZED", "winsorLower": 0.05, "winsorUpper": 0.95, "byPeriod": True},
        {"check": "ROBUSTNESS_CHECK_TRIMMED", "winsorLower": 0.01, "winsorUpper": 0.99},
        {"check": "ROBUSTNESS_CHECK_EXCLUDE_LABEL_VALUES", "dropLabel": "region4", "dropLabelValues": ["Northeast"]},
        {"check": "ROBUSTNESS_CHECK_EXCLUDE_PERIODS", "dropPeriods": [2020],
         "label": "剔除疫情年份 2020" if zh else "Excl. pandemic year 2020"},
        # Dynamic-panel GMM with the genre's defaults: system GMM, two-step (Windmeijer),
        # collapsed instruments from lags 2 and deeper of the outcome, period effects.
        {"check": "ROBUSTNESS_CHECK_DYNAMIC_PANEL_GMM"},
        {"check": "ROBUSTNESS_CHECK_PLACEBO", "placeboDraws": 200},
    ]
    base["labels"] = base["labels"] + [
        {"column": "internet_penetration", "label": "互联网普及率" if zh else "Internet penetration"},
        {"column": "region4", "label": "四大区域" if zh else "NBS four-region group"},
        {"column": "region3", "label": "三大区域" if zh else "Region"},
    ] + ([{"column": "Northeast", "label": "东北"}] if zh else [])
    return base


def write(name: str, content: dict) -> None:
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(content, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    for lang in ("en", "zh"):
        write(f"study_spec_{lang}.json", spec(lang))
        write(f"study_spec_menu_{lang}.json", menu_spec(lang))
