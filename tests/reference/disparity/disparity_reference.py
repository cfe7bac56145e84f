"""Golden values for the disparity analysis (Dagum Gini decomposition, Theil
decomposition, coefficient of variation, Markov transition matrices over
quantile classes), computed by an implementation written for the test with
numpy, independent of the C++ code.

Formulas:
  Dagum Gini: C. Dagum (1997), "A new approach to the decomposition of the
  Gini income inequality ratio", Empirical Economics 22, 515-531: eq. (2)
  total G, (3) G_jj, (5) G_jh, (8)-(10) d_jh, p_jh, D_jh, (11)-(12)
  G_w, G_nb, G_t with groups ordered by decreasing mean.
  Theil T and its decomposition: A. F. Shorrocks (1980), Econometrica 48,
  613-625 (GE(1) case).
  Markov chains over quantile classes, and the spatial Markov chain
  conditioned on the class of the row-standardised spatial lag: S. Rey (2001),
  Geographical Analysis 33, 195-214; classes as mapclassify.Quantiles (y <= break -> lower class,
  breaks = numpy percentile, linear interpolation = R type 7).

Writes tests/reference/golden/disparity_produc.json and disparity_demo.json.
Run with /usr/bin/python3 (Debian numpy / pandas).
"""
import json
import math
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def dagum(y, g):
    """Returns dict with total, within, between_net, transvariation and per group/pair."""
    y = np.asarray(y, float)
    levels = sorted(set(g))
    n, mu = len(y), y.mean()
    groups = {lv: y[np.asarray(g) == lv] for lv in levels}
    # Order groups by decreasing mean (Dagum's convention mu_1 >= mu_2 >= ...).
    order = sorted(levels, key=lambda lv: -groups[lv].mean())
    total = np.abs(y[:, None] - y[None, :]).sum() / (2 * n * n * mu)
    p = {lv: len(groups[lv]) / n for lv in levels}
    s = {lv: len(groups[lv]) * groups[lv].mean() / (n * mu) for lv in levels}
    gjj = {}
    for lv in levels:
        yj = groups[lv]
        gjj[lv] = np.abs(yj[:, None] - yj[None, :]).sum() / (2 * len(yj) ** 2 * yj.mean())
    g_w = sum(gjj[lv] * p[lv] * s[lv] for lv in levels)
    g_nb = g_t = 0.0
    pairs = []
    for a in range(len(order)):
        for b in range(a + 1, len(order)):
            j, h = order[a], order[b]  # mu_j >= mu_h
            yj, yh = groups[j], groups[h]
            diff = yj[:, None] - yh[None, :]
            gjh = np.abs(diff).sum() / (len(yj) * len(yh) * (yj.mean() + yh.mean()))
            d_jh = np.where(diff > 0, diff, 0).mean()   # int dF_j int_0^y (y - x) dF_h
            p_jh = np.where(diff < 0, -diff, 0).mean()  # int dF_h int_0^y (y - x) dF_j
            D = (d_jh - p_jh) / (d_jh + p_jh) if d_jh + p_jh > 0 else 0.0
            w = gjh * (p[j] * s[h] + p[h] * s[j])
            g_nb += w * D
            g_t += w * (1 - D)
            pairs.append({"richer": str(j), "poorer": str(h), "gini": gjh, "affluence": D})
    return {
        "total": total, "within": g_w, "between_net": g_nb, "transvariation": g_t,
        "groups": [{"group": str(lv), "n": int(len(groups[lv])), "mean": float(groups[lv].mean()),
                    "gini": gjj[lv]} for lv in levels],
        "pairs": pairs,
    }


def theil(y, g):
    y = np.asarray(y, float)
    g = np.asarray(g)
    n, mu = len(y), y.mean()

    def t_of(v):
        r = v / v.mean()
        return float(np.sum(np.where(r > 0, r * np.log(np.where(r > 0, r, 1)), 0)) / len(v))

    within = between = 0.0
    groups = []
    for lv in sorted(set(g)):
        v = y[g == lv]
        share = len(v) * v.mean() / (n * mu)
        within += share * t_of(v)
        between += share * math.log(v.mean() / mu)
        groups.append({"group": str(lv), "theil": t_of(v), "share": share})
    return {"total": t_of(y), "within": within, "between": between, "groups": groups}


def markov(df, value, entity, period, k, pooled):
    periods = sorted(df[period].unique())
    if pooled:
        breaks = {None: np.percentile(df[value].to_numpy(float), [100.0 * c / k for c in range(1, k)])}
    else:
        breaks = {t: np.percentile(df.loc[df[period] == t, value].to_numpy(float),
                                   [100.0 * c / k for c in range(1, k)]) for t in periods}
    cls = {}
    for row in df.itertuples(index=False):
        b = breaks[None if pooled else getattr(row, period)]
        cls[(getattr(row, entity), getattr(row, period))] = int(np.searchsorted(b, getattr(row, value), side="left"))
    counts = np.zeros((k, k))
    for (e, t), c in cls.items():
        i = periods.index(t)
        if i + 1 < len(periods) and (e, periods[i + 1]) in cls:
            counts[c, cls[(e, periods[i + 1])]] += 1
    probs = counts / counts.sum(axis=1, keepdims=True)
    # Stationary distribution: left eigenvector of P for eigenvalue 1.
    vals, vecs = np.linalg.eig(probs.T)
    v = np.real(vecs[:, np.argmin(np.abs(vals - 1))])
    steady = v / v.sum()
    return {"classes": k, "scope": "pooled" if pooled else "per_period",
            "breaks": [list(map(float, breaks[key])) for key in breaks],
            "counts": counts.tolist(), "probabilities": probs.tolist(), "steady_state": steady.tolist()}


def spatial_markov(df, value, entity, period, edges, k, pooled):
    """Rey (2001) spatial Markov: transitions split by the quantile class of the
    row-standardised spatial lag at the start of each transition (giddy's
    Spatial_Markov with fixed=True when pooled)."""
    ids = sorted(df[entity].unique())
    pos = {e: i for i, e in enumerate(ids)}
    w = np.zeros((len(ids), len(ids)))
    for a, b in edges:
        if a in pos and b in pos:
            w[pos[a], pos[b]] = w[pos[b], pos[a]] = 1.0
    rs = w.sum(axis=1, keepdims=True)
    w = np.divide(w, rs, out=np.zeros_like(w), where=rs > 0)
    periods = sorted(df[period].unique())
    y = np.array([[df.loc[(df[period] == t) & (df[entity] == e), value].iloc[0] for e in ids] for t in periods])
    lag = y @ w.T  # row t: W y_t
    def classes(m):
        if pooled:
            b = np.percentile(m.ravel(), [100.0 * c / k for c in range(1, k)])
            return np.searchsorted(b, m, side="left"), [list(map(float, b))]
        out = np.zeros(m.shape, dtype=int)
        brs = []
        for t in range(m.shape[0]):
            b = np.percentile(m[t], [100.0 * c / k for c in range(1, k)])
            out[t] = np.searchsorted(b, m[t], side="left")
            brs.append(list(map(float, b)))
        return out, brs
    yc, _ = classes(y)
    lc, lag_breaks = classes(lag)
    counts = np.zeros((k, k, k))
    for t in range(len(periods) - 1):
        for i in range(len(ids)):
            counts[lc[t, i], yc[t, i], yc[t + 1, i]] += 1
    probs = []
    for c in range(k):
        rows = counts[c].sum(axis=1, keepdims=True)
        p = np.where(rows > 0, counts[c] / np.where(rows > 0, rows, 1), np.nan)
        probs.append([[None if np.isnan(v) else float(v) for v in row] for row in p])  # JSON null = NaN
    return {"classes": k, "scope": "pooled" if pooled else "per_period", "lag_breaks": lag_breaks,
            "counts": counts.tolist(), "probabilities": probs}


def read_edges(path, kinds=None):
    e = pd.read_csv(os.path.join(ROOT, path))
    if kinds is not None:
        e = e[e["kind"].isin(kinds)]
    return list(zip(e.iloc[:, 0], e.iloc[:, 1]))


def case(csv, value, group, entity, period, out_name, note, edges):
    df = pd.read_csv(os.path.join(ROOT, csv))
    df = df.rename(columns={group: "grp"}) if group != "grp" else df
    periods = []
    for t in sorted(df[period].unique()):
        d = df[df[period] == t]
        y = d[value].to_numpy(float)
        periods.append({
            "period": int(t), "n": int(len(y)), "mean": float(y.mean()),
            "sd": float(y.std(ddof=1)), "cv": float(y.std(ddof=1) / y.mean()),
            "sd_log": float(np.log(y).std(ddof=1)),
            "gini": dagum(y, d["grp"].astype(str).tolist()),
            "theil": theil(y, d["grp"].astype(str).to_numpy()),
        })
    golden = {
        "data": csv, "value": value, "group": group, "entity": entity, "period": period,
        "note": note,
        "versions": {"numpy": np.__version__, "pandas": pd.__version__},
        "periods": periods,
        "markov": [markov(df, value, entity, period, k, pooled) for k, pooled in ((4, True), (4, False), (5, True))],
        "spatial_markov": [spatial_markov(df, value, entity, period, edges, k, pooled)
                           for k, pooled in ((4, True), (4, False))],
    }
    with open(os.path.join(ROOT, "tests", "reference", "golden", out_name), "w") as f:
        json.dump(golden, f, indent=1)
    print("wrote", out_name)


case("tests/reference/data/produc.csv", "gsp", "region", "state", "year", "disparity_produc.json",
     "R plm Produc (48 US states 1970-1986), gross state product by the 9 census divisions; "
     "spatial Markov with the US states contiguity (tests/reference/data/us_states_contiguity.csv)",
     read_edges("tests/reference/data/us_states_contiguity.csv"))
case("data/demo/study_panel.csv", "broadband_ports", "region3", "entity", "year", "disparity_demo.json",
     "synthetic 31-province demo panel, broadband ports by East/Central/West; spatial Markov with "
     "the shipped contiguity, Hainan linked to Guangdong",
     read_edges("data/regions/china_province_contiguity.csv", ["land", "hainan_guangdong"]))
