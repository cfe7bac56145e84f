"""Writes the demo StudySpec (protobuf JSON) in English and Chinese from indicators.json.

    /usr/bin/python3 data/demo/make_study_spec.py   # -> data/demo/study_spec_{en,zh}.json

The spec describes the motivating study on the SYNTHETIC demo panel: both entropy
indices, five controls, three mediators, East/Central/West heterogeneity, seven
robustness checks, 1000 bootstrap replications and 1000 permutations.
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
    }


if __name__ == "__main__":
    for lang in ("en", "zh"):
        path = os.path.join(HERE, f"study_spec_{lang}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(spec(lang), f, ensure_ascii=False, indent=2)
            f.write("\n")
        print("wrote", path)
