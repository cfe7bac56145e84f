#!/usr/bin/python3
"""Independent reference implementation of the composite-index formulas.

Writes the golden files tests/reference/golden/index_*.json that
tests/unit/index_golden_test.cc compares the C++ library against (1e-10 relative).

Written directly from the formulas in docs/methods/index.md with numpy/pandas, the
obvious way (explicit p_ij matrices, np.corrcoef, pandas interpolation, max/min of the
weighted matrix for TOPSIS), NOT as a port of the C++ code, so that the two
implementations can disagree if either one is wrong.

Usage (from the repository root):
    /usr/bin/python3 tests/reference/index/entropy_reference.py
Inputs: tests/reference/data/produc.csv (exported from R's plm by
tests/reference/export_plm_datasets.R) and a 4 x 3 example defined below.
"""
import json
import math
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.path.dirname(HERE)
GOLDEN = os.path.join(REF, "golden")
DEFAULT_SHIFT = 1e-4

METHODS = ["ENTROPY", "CRITIC", "COEFFICIENT_OF_VARIATION", "EQUAL", "ENTROPY_TOPSIS"]
POOLINGS = ["POOLED", "PER_PERIOD", "BASE_PERIOD"]
HIERARCHIES = ["FLAT", "SUMMED_DIVERGENCE", "ENTROPY_ON_DIMENSION_SCORES"]


class IndexError_(Exception):
    pass


# ---------------------------------------------------------------- weighting methods

def entropy_of(z, shift):
    """e = -1/ln(n) sum p ln p, p = (z+s)/sum(z+s), 0 ln 0 = 0, clamped to [0,1]."""
    zs = z + shift
    p = zs / zs.sum()
    n = len(z)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    e = -plogp.sum() / math.log(n)
    return min(max(e, 0.0), 1.0)


def weigh(method, zpool, rawpool, shift):
    """Weights of the columns of one group. zpool: normalised values of the pool rows
    (n x g); rawpool: raw values (for the coefficient of variation).
    Returns (entropy, divergence, weight) arrays."""
    n, g = zpool.shape
    nan = np.full(g, np.nan)
    if method in ("ENTROPY", "ENTROPY_TOPSIS"):
        e = np.array([entropy_of(zpool[:, j], shift) for j in range(g)])
        d = 1.0 - e
        if d.sum() <= 0:
            raise IndexError_("no information")
        return e, d, d / d.sum()
    if method == "CRITIC":
        sd = zpool.std(axis=0, ddof=1)
        if g == 1:
            c = np.array([0.0])
            return nan, c, np.array([1.0])
        r = np.corrcoef(zpool, rowvar=False)
        c = sd * (1.0 - r).sum(axis=1)
        return nan, c, c / c.sum()
    if method == "COEFFICIENT_OF_VARIATION":
        mean = rawpool.mean(axis=0)
        sd = rawpool.std(axis=0, ddof=1)
        if (rawpool.min(axis=0) < 0).any() or (mean <= 0).any():
            raise IndexError_("cv needs non-negative raw data")
        cv = sd / mean
        return nan, cv, cv / cv.sum()
    if method == "EQUAL":
        return nan, nan.copy(), np.full(g, 1.0 / g)
    raise ValueError(method)


def minmax(raw, lo, hi, direction):
    if direction == "POSITIVE":
        return (raw - lo) / (hi - lo)
    return (hi - raw) / (hi - lo)


# ---------------------------------------------------------------- missing values

def handle_missing(X, entity, period, policy):
    """Returns (filled X, used mask, dropped rows, interpolated cells)."""
    miss = X.isna()
    if policy == "REJECT":
        if miss.values.any():
            raise IndexError_("missing value")
        return X, np.ones(len(X), bool), [], []
    if policy == "LISTWISE":
        used = ~miss.any(axis=1).values
        return X, used, [int(i) for i in np.where(~used)[0]], []
    # INTERPOLATE_WITHIN_ENTITY: pandas linear interpolation on the period values,
    # inside gaps only; leading/trailing gaps stay NaN and the row is dropped.
    filled = X.copy()
    for col in X.columns:
        for ent in pd.unique(entity):
            rows = np.where(entity == ent)[0]
            rows = rows[np.argsort(period[rows], kind="stable")]
            s = pd.Series(X[col].values[rows], index=period[rows].astype(float))
            s2 = s.interpolate(method="index", limit_area="inside")
            filled.iloc[rows, X.columns.get_loc(col)] = s2.values
    used = ~filled.isna().any(axis=1).values
    cells = []
    for j, col in enumerate(X.columns):
        for i in np.where(miss[col].values & used)[0]:
            cells.append([int(i), j, float(filled[col].values[i])])
    cells.sort(key=lambda c: (c[1], c[0]))
    return filled, used, [int(i) for i in np.where(~used)[0]], cells


# ---------------------------------------------------------------- the index

def compute_index(X, dirs, dims, ndim, entity, period, case):
    method = case["method"]
    pooling = case["pooling"]
    hierarchy = case["hierarchy"]
    shift = case["shift"]
    scale = case["score_scale"]
    m = X.shape[1]
    nrows = X.shape[0]
    Xf, used, dropped, cells = handle_missing(X, entity, period, case["missing_policy"])
    raw = Xf.values.astype(float)

    # pools: list of (period label, pool rows, rows scored with this pool)
    used_rows = np.where(used)[0]
    if pooling == "POOLED":
        pools = [(0, used_rows, used_rows)]
    elif pooling == "PER_PERIOD":
        pools = []
        for p in sorted(set(period[used_rows].tolist())):
            r = used_rows[period[used_rows] == p]
            pools.append((int(p), r, r))
    else:
        base = case["base_period"]
        pools = [(0, used_rows[period[used_rows] == base], used_rows)]

    composite = np.full(nrows, np.nan)
    dimscore = np.full((nrows, ndim), np.nan)
    dplus = np.full(nrows, np.nan)
    dminus = np.full(nrows, np.nan)
    weights, dimweights = [], []
    groups = [[j for j in range(m) if dims[j] == k] for k in range(ndim)]

    for label, prow, arow in pools:
        lo = raw[prow].min(axis=0)
        hi = raw[prow].max(axis=0)
        if (hi == lo).any():
            raise IndexError_("constant indicator")
        Z = np.column_stack([minmax(raw[arow, j], lo[j], hi[j], dirs[j]) for j in range(m)])
        Zp = np.column_stack([minmax(raw[prow, j], lo[j], hi[j], dirs[j]) for j in range(m)])
        ent = np.full(m, np.nan)
        div = np.full(m, np.nan)
        within = np.full(m, np.nan)
        dent = np.full(ndim, np.nan)
        ddiv = np.full(ndim, np.nan)
        if hierarchy in ("FLAT", "SUMMED_DIVERGENCE"):
            ent, div, g = weigh(method, Zp, raw[prow], shift)
            W = np.array([g[groups[k]].sum() for k in range(ndim)])
            for k in range(ndim):
                within[groups[k]] = g[groups[k]] / W[k]
            if hierarchy == "FLAT":
                S = np.column_stack([Z[:, groups[k]] @ g[groups[k]] for k in range(ndim)])
                comp = Z @ g
            else:
                S = np.column_stack([Z[:, groups[k]] @ within[groups[k]] for k in range(ndim)])
                comp = S @ W
        else:
            for k in range(ndim):
                e_k, d_k, v_k = weigh(method, Zp[:, groups[k]], raw[prow][:, groups[k]], shift)
                ent[groups[k]] = e_k
                div[groups[k]] = d_k
                within[groups[k]] = v_k
            S = np.column_stack([Z[:, groups[k]] @ within[groups[k]] for k in range(ndim)])
            # second level: dimension scores of the pool rows as positive indicators
            pos_in_arow = {r: i for i, r in enumerate(arow)}
            Sp = S[[pos_in_arow[r] for r in prow]]
            if ndim == 1:
                W = np.array([1.0])
            else:
                slo, shi = Sp.min(axis=0), Sp.max(axis=0)
                if (shi == slo).any():
                    raise IndexError_("constant dimension score")
                Spn = (Sp - slo) / (shi - slo)
                dent, ddiv, W = weigh(method, Spn, Sp, shift)
            g = np.array([W[dims[j]] * within[j] for j in range(m)])
            comp = S @ W
        if method == "ENTROPY_TOPSIS":
            V = Z * g
            Vp = Zp * g
            best, worst = Vp.max(axis=0), Vp.min(axis=0)
            dp = np.sqrt(((best - V) ** 2).sum(axis=1))
            dm = np.sqrt(((V - worst) ** 2).sum(axis=1))
            comp = dm / (dp + dm)
            dplus[arow] = dp
            dminus[arow] = dm
        composite[arow] = comp * scale
        dimscore[arow] = S * scale
        for j in range(m):
            weights.append({"indicator": j, "period": label if pooling == "PER_PERIOD" else 0,
                            "entropy": ent[j], "divergence": div[j], "weight": g[j],
                            "weight_within_dimension": within[j], "min": lo[j], "max": hi[j]})
        for k in range(ndim):
            dimweights.append({"dimension": k, "period": label if pooling == "PER_PERIOD" else 0,
                               "weight": W[k], "entropy": dent[k], "divergence": ddiv[k]})
    out = {"rows_used": int(used.sum()), "dropped_rows": dropped, "interpolated_cells": cells,
           "weights": weights, "dimension_weights": dimweights,
           "composite": composite, "dimension_scores": dimscore.T}
    if method == "ENTROPY_TOPSIS":
        out["topsis_distance_best"] = dplus
        out["topsis_distance_worst"] = dminus
    return out


# ---------------------------------------------------------------- output

def clean(x):
    """JSON-ready: numpy -> lists, NaN -> null (repr keeps 17 significant digits)."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return clean(x.tolist())
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return None if math.isnan(x) else x
    if isinstance(x, (np.integer,)):
        return int(x)
    return x


def run_dataset(name, X, dirs, dims, dim_names, entity, period, cases, data_desc, path,
                score_rows=None):
    """score_rows: the rows whose row-aligned outputs are stored (all when None), to keep
    the golden files small; weights are always stored in full."""
    doc = {
        "generator": "tests/reference/index/entropy_reference.py",
        "dataset": name,
        "data": data_desc,
        "indicators": [{"column": c, "direction": d, "dimension": k}
                       for c, d, k in zip(X.columns, dirs, dims)],
        "dimensions": dim_names,
        "cases": [],
    }
    for case in cases:
        Xc = X.copy()
        for r, col in case.get("missing_cells", []):
            Xc.iloc[r, Xc.columns.get_loc(col)] = np.nan
        expected = compute_index(Xc, dirs, dims, len(dim_names), entity, period, case)
        rows = list(range(len(X))) if score_rows is None else score_rows
        expected["score_rows"] = rows
        for key in ("composite", "topsis_distance_best", "topsis_distance_worst"):
            if key in expected:
                expected[key] = expected[key][rows]
        expected["dimension_scores"] = expected["dimension_scores"][:, rows]
        doc["cases"].append({"spec": case, "expected": expected})
    with open(path, "w") as f:
        json.dump(clean(doc), f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print("wrote", path, len(cases), "cases")


def case(method="ENTROPY", pooling="POOLED", hierarchy="FLAT", shift=DEFAULT_SHIFT,
         base_period=0, missing_policy="REJECT", score_scale=1.0, missing_cells=None, name=None):
    c = {"method": method, "pooling": pooling, "base_period": base_period, "shift": shift,
         "hierarchy": hierarchy, "missing_policy": missing_policy, "score_scale": score_scale}
    if missing_cells:
        c["missing_cells"] = missing_cells
    c["name"] = name or f"{method}/{pooling}/{hierarchy}/shift={shift}/{missing_policy}/x{score_scale:g}"
    return c


def coupling_golden(path):
    """C = 2 sqrt(u1 u2)/(u1+u2) (0 when u1+u2 = 0), T = a u1 + b u2, D = sqrt(C T)."""
    rng = np.random.default_rng(20240901)
    u1 = np.concatenate([[0.0, 0.0, 1.0, 0.3, 0.5, 1.0], rng.uniform(0, 1, 20)])
    u2 = np.concatenate([[0.0, 0.4, 1.0, 0.3, 0.0, 0.0], rng.uniform(0, 1, 20)])
    doc = {"generator": "tests/reference/index/entropy_reference.py", "cases": []}
    for a in (0.5, 0.3):
        C = np.array([2 * math.sqrt(x * y) / (x + y) if x + y > 0 else 0.0 for x, y in zip(u1, u2)])
        T = a * u1 + (1 - a) * u2
        D = np.sqrt(C * T)
        doc["cases"].append({"first_weight": a, "u1": u1, "u2": u2,
                             "coupling": C, "coordination_index": T, "degree": D})
    with open(path, "w") as f:
        json.dump(clean(doc), f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print("wrote", path)


def main():
    os.makedirs(GOLDEN, exist_ok=True)

    # --- a 4 x 3 example small enough to check by hand (see docs/methods/index.md)
    small = pd.DataFrame({"x1": [1.0, 2.0, 3.0, 5.0], "x2": [10.0, 30.0, 20.0, 40.0],
                          "x3": [4.0, 3.0, 1.0, 2.0]})
    s_entity = np.array([0, 0, 1, 1])
    s_period = np.array([2020, 2021, 2020, 2021])
    s_cases = [case(m, "POOLED", h) for m in METHODS for h in HIERARCHIES]
    s_cases += [case("ENTROPY", "POOLED", h, shift=0.0) for h in HIERARCHIES]
    s_cases += [case("ENTROPY", "POOLED", "FLAT", shift=0.01),
                case("ENTROPY_TOPSIS", "POOLED", "FLAT", shift=0.0),
                case("ENTROPY", "POOLED", "SUMMED_DIVERGENCE", score_scale=100.0)]
    run_dataset("small", small, ["POSITIVE", "POSITIVE", "NEGATIVE"], [0, 0, 1], ["A", "B"],
                s_entity, s_period, s_cases,
                {"entity": s_entity.tolist(), "period": s_period.tolist(),
                 "columns": {c: small[c].tolist() for c in small.columns}},
                os.path.join(GOLDEN, "index_small.json"))

    # --- R plm's Produc: 48 US states x 1970-1986
    produc = pd.read_csv(os.path.join(REF, "data", "produc.csv"))
    cols = ["pcap", "hwy", "water", "util", "pc", "emp", "unemp"]
    dirs = ["POSITIVE"] * 6 + ["NEGATIVE"]
    dims = [0, 0, 0, 0, 1, 1, 2]
    dim_names = ["infrastructure", "economy", "labour"]
    X = produc[cols].astype(float)
    entity = pd.factorize(produc["state"])[0]
    period = produc["year"].values.astype(int)
    desc = {"csv": "tests/reference/data/produc.csv", "entity_column": "state",
            "period_column": "year", "entity_codes": "order of first appearance"}
    # every 7th row: 117 rows covering every state and every year
    stride = list(range(0, len(X), 7))
    short = {"ENTROPY": "entropy", "CRITIC": "critic", "COEFFICIENT_OF_VARIATION": "cv",
             "EQUAL": "equal", "ENTROPY_TOPSIS": "topsis"}
    for m in METHODS:
        cs = [case(m, p, h, base_period=1970 if p == "BASE_PERIOD" else 0)
              for p in POOLINGS for h in HIERARCHIES]
        if m == "ENTROPY":
            cs += [case(m, "POOLED", "FLAT", shift=0.0), case(m, "POOLED", "FLAT", shift=0.01),
                   case(m, "POOLED", "SUMMED_DIVERGENCE", score_scale=100.0),
                   case(m, "BASE_PERIOD", "ENTROPY_ON_DIMENSION_SCORES", base_period=1986)]
        run_dataset("produc", X, dirs, dims, dim_names, entity, period, cs, desc,
                    os.path.join(GOLDEN, f"index_produc_{short[m]}.json"), score_rows=stride)

    # --- Produc with missing cells: leading (row 0 = ALABAMA 1970), interior, a run of
    # two interior gaps, trailing (row 16 = ALABAMA 1986) and a lone interior gap.
    holes = [[0, "hwy"], [5, "water"], [20, "pc"], [21, "pc"], [16, "emp"], [100, "unemp"],
             [300, "pcap"], [301, "util"]]
    cs = []
    for pol in ("LISTWISE", "INTERPOLATE_WITHIN_ENTITY"):
        cs += [case("ENTROPY", "POOLED", "FLAT", missing_policy=pol, missing_cells=holes),
               case("ENTROPY", "PER_PERIOD", "ENTROPY_ON_DIMENSION_SCORES", missing_policy=pol,
                    missing_cells=holes),
               case("CRITIC", "BASE_PERIOD", "SUMMED_DIVERGENCE", base_period=1971,
                    missing_policy=pol, missing_cells=holes),
               case("ENTROPY_TOPSIS", "POOLED", "ENTROPY_ON_DIMENSION_SCORES", missing_policy=pol,
                    missing_cells=holes)]
    near = sorted(set(stride) | set(range(0, 40)) | set(range(95, 106)) | set(range(290, 310)))
    run_dataset("produc", X, dirs, dims, dim_names, entity, period, cs, desc,
                os.path.join(GOLDEN, "index_produc_missing.json"), score_rows=near)

    coupling_golden(os.path.join(GOLDEN, "index_coupling.json"))


if __name__ == "__main__":
    main()
