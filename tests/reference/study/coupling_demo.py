#!/usr/bin/python3
"""Golden coupling coordination degree of the demo study's two indices, with bands.

An independent numpy implementation (written from the formulas, not from the C++):
  * the two entropy indices of data/demo/study_spec_en.json (digital_empowerment,
    governance_efficiency) on data/demo/study_panel.csv: min-max by direction over all
    rows, entropy weights with the shift 1e-4 where p is formed, flat hierarchy, scores
    on the unshifted values (docs/methods/index.md, sections 1-2);
  * C = 2 sqrt(U1 U2) / (U1 + U2), T = a U1 + b U2 with a = b = 0.5, D = sqrt(C T): the
    two-system form of the coupling degree C = n [prod U_i / (sum U_i)^n]^(1/n), as
    corrected in Wang Shujia et al. (2021), "国内耦合协调度模型的误区及修正" (Misconceptions
    and corrections of the coupling coordination degree model in China), Journal of
    Natural Resources 36(3): 793-810;
  * the ten classes of Liao Chongbin (1999), "环境与经济协调发展的定量评判及其分类体系"
    (Tropical Geography 19(2): 171-177), bands of 0.1 on D: [0, 0.1) extreme imbalance
    极度失调 ... [0.9, 1] high-quality coordination 优质协调; band k = floor(10 D),
    D = 1 in band 9.
Writes tests/reference/golden/study_coupling_demo.json.

Usage (from the repository root): /usr/bin/python3 tests/reference/study/coupling_demo.py
"""
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SHIFT = 1e-4


def entropy_index(frame, indicators):
    z = []
    for ind in indicators:
        x = frame[ind["column"]].to_numpy(float)
        lo, hi = x.min(), x.max()
        z.append((hi - x) / (hi - lo) if ind["direction"] == "DIRECTION_NEGATIVE" else (x - lo) / (hi - lo))
    z = np.column_stack(z)
    p = (z + SHIFT) / (z + SHIFT).sum(axis=0)
    e = -(p * np.log(p)).sum(axis=0) / np.log(z.shape[0])
    w = (1 - e) / (1 - e).sum()
    return z @ w


def main():
    frame = pd.read_csv(os.path.join(ROOT, "data", "demo", "study_panel.csv"))
    with open(os.path.join(ROOT, "data", "demo", "study_spec_en.json")) as f:
        spec = json.load(f)
    u1 = entropy_index(frame, spec["explanatory"]["index"]["indicators"])
    u2 = entropy_index(frame, spec["outcome"]["index"]["indicators"])
    a = 0.5
    c = np.where(u1 + u2 > 0, 2 * np.sqrt(u1 * u2) / np.where(u1 + u2 > 0, u1 + u2, 1), 0.0)
    t = a * u1 + (1 - a) * u2
    d = np.sqrt(c * t)
    band = np.minimum(np.floor(10 * d), 9).astype(int)
    periods = sorted(frame["year"].unique().tolist())
    counts = [[int(((frame["year"] == y) & (band == k)).sum()) for y in periods] for k in range(10)]
    doc = {
        "generator": "tests/reference/study/coupling_demo.py",
        "first": spec["explanatory"]["index"]["name"],
        "second": spec["outcome"]["index"]["name"],
        "first_weight": a,
        "entity": frame["entity"].tolist(),
        "period": frame["year"].astype(int).tolist(),
        "u1": u1.tolist(), "u2": u2.tolist(),
        "coupling": c.tolist(), "coordination_index": t.tolist(), "degree": d.tolist(),
        "band": band.tolist(),
        "periods": periods,
        "band_counts": counts,  # [band][period]
    }
    out = os.path.join(ROOT, "tests", "reference", "golden", "study_coupling_demo.json")
    with open(out, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", out)


if __name__ == "__main__":
    main()
