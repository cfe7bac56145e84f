"""Independent reference for the Lee-Yu (2010) transformation approach (numpy/scipy).

Lee, L.-F. and Yu, J. (2010), "Estimation of spatial autoregressive panel data models with
fixed effects", Journal of Econometrics 154, 165-185, sections 3-4: the entity effects are
removed by the orthonormal T x (T-1) matrix F_T of the eigenvectors of I_T - 11'/T with
eigenvalue one, the period effects by F_N (N x (N-1)) from I_N - 11'/N, for which W must be
row-standardised; the transformed model Y* = F_N' Y F_T, W* = F_N' W F_N is a spatial
model with N* T* independent observations, so its log-likelihood is
  -(N* T* / 2) ln(2 pi s2) + T* ln|I - rho W*| - e'e / (2 s2)
and the covariance is the inverse of its information matrix (Lee and Yu 2010, eq. (9)
for SAR; the same formula with B* = I - lambda W* for SEM), here built with the explicit
orthonormal transformation and a dense log-determinant (np.linalg.slogdet), nothing
shared with govmetrics' eigenvalue / projection implementation. For entity effects
alone the estimates of rho and beta equal the direct approach's and s2 = T/(T-1) times
its s2 (Lee and Yu's bias correction).
Writes tests/reference/golden/spatial_panel_lee_yu.json.
"""
import json
import os

import numpy as np
import pandas as pd
from scipy.optimize import brentq, minimize_scalar

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))


def orthonormal_complement(k):
    vals, vecs = np.linalg.eigh(np.eye(k) - np.ones((k, k)) / k)
    return vecs[:, vals > 0.5]


def contiguity(ids, edges, a, b):
    index = {s: i for i, s in enumerate(ids)}
    w = np.zeros((len(ids), len(ids)))
    for x, y in zip(edges[a], edges[b]):
        w[index[x], index[y]] = w[index[y], index[x]] = 1.0
    return w / w.sum(axis=1, keepdims=True)


def panel_matrix(df, entity, ids, col):
    periods = sorted(df["year"].unique())
    m = np.full((len(ids), len(periods)), np.nan)
    index = {s: i for i, s in enumerate(ids)}
    for e, t, v in zip(df[entity], df["year"], df[col]):
        m[index[e], periods.index(t)] = v
    assert not np.isnan(m).any()
    return m


def transform(w, y, xs, effects, durbin):
    n, t = y.shape
    fn = orthonormal_complement(n) if effects != "ENTITY" else np.eye(n)
    ft = orthonormal_complement(t) if effects != "PERIOD" else np.eye(t)
    cols = list(xs) + ([w @ x for x in xs] if durbin else [])
    ys = fn.T @ y @ ft
    ws = fn.T @ w @ fn
    xstar = np.column_stack([(fn.T @ x @ ft).reshape(-1, order="F") for x in cols])
    wy = (ws @ ys).reshape(-1, order="F")
    return ys.reshape(-1, order="F"), wy, xstar, ws, ys.shape


def kron_lag(ws, v, shape):
    return (ws @ v.reshape(shape, order="F")).reshape(-1, order="F")


def profile_lag(ys, wy, x, ws, shape):
    nstar = ys.size
    t = shape[1]
    def f(r):
        z = ys - r * wy
        e = z - x @ np.linalg.lstsq(x, z, rcond=None)[0]
        return t * np.linalg.slogdet(np.eye(ws.shape[0]) - r * ws)[1] - nstar / 2 * np.log(e @ e / nstar)
    return f


def profile_error(ys, wy, x, ws, shape):
    nstar = ys.size
    t = shape[1]
    wx = np.column_stack([kron_lag(ws, x[:, j], shape) for j in range(x.shape[1])])
    def f(l):
        z, xl = ys - l * wy, x - l * wx
        e = z - xl @ np.linalg.lstsq(xl, z, rcond=None)[0]
        return t * np.linalg.slogdet(np.eye(ws.shape[0]) - l * ws)[1] - nstar / 2 * np.log(e @ e / nstar)
    return f, wx


def maximise(f, ws):
    ev = np.linalg.eigvals(ws).real
    lo, hi = 1 / ev.min() + 1e-6, 1 / ev.max() - 1e-6
    start = minimize_scalar(lambda a: -f(a), bounds=(lo, hi), method="bounded", options={"xatol": 1e-10}).x
    score = lambda a: (f(a + 1e-6) - f(a - 1e-6)) / 2e-6
    return brentq(score, start - 1e-4, start + 1e-4, xtol=1e-15)


def fit(w, y, xs, names, model, effects):
    durbin = model == "SDM"
    ys, wy, x, ws, shape = transform(w, y, xs, effects, durbin)
    nstar, tstar, n = ys.size, shape[1], ws.shape[0]
    eye = np.eye(n)
    if model in ("SAR", "SDM"):
        f = profile_lag(ys, wy, x, ws, shape)
        rho = maximise(f, ws)
        beta = np.linalg.lstsq(x, ys - rho * wy, rcond=None)[0]
        e = ys - rho * wy - x @ beta
        s2 = e @ e / nstar
        g = ws @ np.linalg.inv(eye - rho * ws)
        gxb = kron_lag(g, x @ beta, shape)
        k = x.shape[1]
        info = np.zeros((k + 2, k + 2))
        info[0, 0] = tstar * (np.trace(g @ g) + np.trace(g.T @ g)) + gxb @ gxb / s2
        info[0, 1:k + 1] = info[1:k + 1, 0] = x.T @ gxb / s2
        info[1:k + 1, 1:k + 1] = x.T @ x / s2
        info[0, k + 1] = info[k + 1, 0] = tstar * np.trace(g) / s2
        info[k + 1, k + 1] = nstar / (2 * s2 ** 2)
        est, labels = np.concatenate([[rho], beta]), ["rho"]
        ll = f(rho)
    else:
        f, wx = profile_error(ys, wy, x, ws, shape)
        lam = maximise(f, ws)
        xl = x - lam * wx
        beta = np.linalg.lstsq(xl, ys - lam * wy, rcond=None)[0]
        e = ys - lam * wy - xl @ beta
        s2 = e @ e / nstar
        g = ws @ np.linalg.inv(eye - lam * ws)
        k = x.shape[1]
        info = np.zeros((k + 2, k + 2))
        info[0, 0] = tstar * (np.trace(g @ g) + np.trace(g.T @ g))
        info[1:k + 1, 1:k + 1] = xl.T @ xl / s2
        info[0, k + 1] = info[k + 1, 0] = tstar * np.trace(g) / s2
        info[k + 1, k + 1] = nstar / (2 * s2 ** 2)
        est, labels = np.concatenate([[lam], beta]), ["lambda"]
        ll = f(lam)
    cov = np.linalg.inv(info)
    labels += list(names) + (["W*" + v for v in names] if durbin else [])
    se = np.sqrt(np.diag(cov))
    return {
        "model": model, "effects": effects,
        "coefficients": {lab: {"estimate": float(a), "std_error": float(b)} for lab, a, b in zip(labels, est, se[:-1])},
        "sigma2": float(s2), "sigma2_std_error": float(se[-1]), "n_eff": int(nstar),
        "log_likelihood": float(ll - nstar / 2 * (np.log(2 * np.pi) + 1)),
    }


def main():
    cases = []
    produc = pd.read_csv(os.path.join(ROOT, "tests/reference/data/produc_logs.csv"))
    ids = sorted(produc["state"].unique())
    edges = pd.read_csv(os.path.join(ROOT, "tests/reference/data/us_states_contiguity.csv"))
    w = contiguity(ids, edges, "state_a", "state_b")
    xs_names = ["lpcap", "lpc", "lemp", "unemp"]
    y = panel_matrix(produc, "state", ids, "lgsp")
    xs = [panel_matrix(produc, "state", ids, v) for v in xs_names]
    for effects in ("ENTITY", "PERIOD", "TWO_WAY"):
        for model in ("SAR", "SEM", "SDM"):
            cases.append(dict(name=f"produc_{model.lower()}_{effects.lower()}", data="produc", **fit(w, y, xs, xs_names, model, effects)))
    demo = pd.read_csv(os.path.join(ROOT, "data/demo/study_panel.csv"))
    prov = list(pd.read_csv(os.path.join(ROOT, "data/regions/china_provinces.csv"))["entity"])
    cedges = pd.read_csv(os.path.join(ROOT, "data/regions/china_province_contiguity.csv"))
    cedges = cedges[cedges["kind"].isin(["land", "hainan_guangdong"])]
    w = contiguity(prov, cedges, "entity_a", "entity_b")
    xs_names = ["broadband_ports", "ln_gdp_per_capita", "urbanization"]
    y = panel_matrix(demo, "entity", prov, "internet_penetration")
    xs = [panel_matrix(demo, "entity", prov, v) for v in xs_names]
    for model in ("SAR", "SEM", "SDM"):
        cases.append(dict(name=f"demo_{model.lower()}_two_way", data="demo", **fit(w, y, xs, xs_names, model, "TWO_WAY")))
    out = {"generated_by": "tests/reference/spatial_panel/lee_yu_reference.py", "numpy": np.__version__, "cases": cases}
    with open(os.path.join(ROOT, "tests/reference/golden/spatial_panel_lee_yu.json"), "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
