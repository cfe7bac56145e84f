"""Golden values for Hansen's (1999) panel threshold regression, computed by an
implementation written for the test with numpy, independent of the C++ code (which
sweeps cumulative cross products; here every candidate's regression is built and
solved directly).

Method: B. E. Hansen (1999), "Threshold effects in non-dynamic panels: Estimation,
testing, and inference", Journal of Econometrics 93, 345-368: within transformation
(eq. 6-7), concentrated SSR S(gamma), F1 = (S0 - S1)/sigma2 with
sigma2 = S1/(n(T-1)) (eq. 11-12), LR(gamma) = (S(gamma) - S(gamma^))/sigma2 with
the no-rejection region LR <= c(alpha) = -2 log(1 - sqrt(alpha)) (eq. 16-17),
sequential estimation of the second threshold given the first and the refinement
of the first given the second (section 5), the fixed-regressor bootstrap of the F
tests resampling the within residuals by individual (section 3.3).
Conventions of Hansen's GAUSS/Matlab programs for the Econometrica/JoE papers,
which Stata's xthreg (Wang 2015, Stata Journal 15(1)) follows: a grid of qn = 400
quantiles of the DISTINCT values of q, trimmed at 1% (stages 1 and 2) and 5%
(stage 3); a later stage drops the trim * qn grid points on each side of the
thresholds already found. Our documented choices where the paper leaves room:
regime 1 is q <= gamma; F3 compares with the SSR at the refined pair; p-value =
share of F* >= F; critical values are type-7 quantiles of F*. Bootstrap draws use
the same random streams as the C++ code (SplitMix64-seeded std::mt19937_64 with
Lemire's bounded integers, reimplemented below) so p-values compare exactly.

Regime slopes: within OLS on [controls, x 1(regime j)]; iid variance
s2 (X'X)^-1 with s2 = SSR/(N - n - k); entity-clustered with Stata's xtreg,fe
factor G/(G-1) (N-1)/(N-k-1).

Writes tests/reference/golden/threshold_demo.json and threshold_produc.json.
Run with /usr/bin/python3 (Debian numpy / pandas).
"""
import json
import math
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
M64 = (1 << 64) - 1


# ---- random streams (common/stats/random_streams.cc, reimplemented) --------------------
def splitmix64(x):
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


class MT19937_64:
    def __init__(self, seed):
        self.mt = [0] * 312
        self.mt[0] = seed & M64
        for i in range(1, 312):
            prev = self.mt[i - 1]
            self.mt[i] = (6364136223846793005 * (prev ^ (prev >> 62)) + i) & M64
        self.index = 312

    def _twist(self):
        upper, lower = 0xFFFFFFFF80000000, 0x7FFFFFFF
        for i in range(312):
            x = (self.mt[i] & upper) | (self.mt[(i + 1) % 312] & lower)
            xa = x >> 1
            if x & 1:
                xa ^= 0xB5026F5AA96619E9
            self.mt[i] = self.mt[(i + 156) % 312] ^ xa
        self.index = 0

    def next(self):
        if self.index >= 312:
            self._twist()
        y = self.mt[self.index]
        self.index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y & M64


def stream(seed, purpose, replicate):
    s = splitmix64(splitmix64(splitmix64(seed) ^ purpose) ^ ((replicate * 0xD1B54A32D192ED03) & M64))
    return MT19937_64(s)


def bounded(rng, n):
    m = rng.next() * n
    low = m & M64
    if low < n:
        threshold = ((1 << 64) - n) % n
        while low < threshold:
            m = rng.next() * n
            low = m & M64
    return m >> 64


THRESHOLD_BOOTSTRAP = 5


def draws(seed, k, r, n):
    rng = stream(seed, THRESHOLD_BOOTSTRAP, (k << 32) | r)
    return [bounded(rng, n) for _ in range(n)]


# ---- the model ----------------------------------------------------------------------------
class Panel:
    def __init__(self, y, x, z, q, n, t):
        self.n, self.t = n, t
        self.y_raw, self.x, self.z, self.q = y, x, z, q
        self.y = self.within(y)
        self.xw = self.within(x)
        self.zw = self.within(z) if z.shape[1] else z

    def within(self, a):
        a = np.asarray(a, float)
        shape = a.shape
        b = a.reshape(self.n, self.t, -1)
        return (b - b.mean(axis=1, keepdims=True)).reshape(shape)

    def base(self, fixed):
        cols = [self.zw, self.xw] + [self.within(self.x * (self.q <= g)[:, None]) for g in fixed]
        return np.hstack(cols)

    def ssr(self, y, fixed):
        f = self.base(fixed)
        if np.linalg.matrix_rank(f) < f.shape[1]:
            return math.inf
        b, *_ = np.linalg.lstsq(f, y, rcond=None)
        return float(((y - f @ b) ** 2).sum())

    def curve(self, y, fixed, cands):
        """SSR of [base(fixed), within(x 1(q <= c))] for every candidate c, solved one by one."""
        f = self.base(fixed)
        cands = np.asarray(cands)
        ind = (self.q[None, :] <= cands[:, None]).astype(float)           # C x N
        part = ind[:, :, None] * self.x[None, :, :]                       # C x N x kx
        part = part.reshape(len(cands), self.n, self.t, -1)
        part = (part - part.mean(axis=2, keepdims=True)).reshape(len(cands), self.n * self.t, -1)
        d = np.concatenate([np.broadcast_to(f, (len(cands),) + f.shape), part], axis=2)
        ranks = np.linalg.matrix_rank(d)
        out = np.full(len(cands), math.inf)
        for c in np.nonzero(ranks == d.shape[2])[0]:
            b, *_ = np.linalg.lstsq(d[c], y, rcond=None)
            out[c] = float(((y - d[c] @ b) ** 2).sum())
        return out


def grid(q, qn, trim):
    d = np.unique(q)
    r = int(round(trim * qn))
    idx = [max(1, (r + k) * len(d) // qn) for k in range(qn - 2 * r + 1)]
    return d[np.array(idx) - 1]


def exclude(g, fixed, qn, trim):
    r = int(round(trim * qn))
    keep = np.ones(len(g), bool)
    for gamma in fixed:
        nn = int((g < gamma).sum())
        keep[max(0, nn - r):min(len(g), nn + r)] = False
    return g[keep]


def stage(p, y, fixed, cands):
    s = p.curve(y, fixed, cands)
    i = int(np.argmin(s))  # first minimum
    assert math.isfinite(s[i])
    return {"value": float(cands[i]), "ssr": float(s[i]), "candidates": cands, "curve": s}


def sequential(p, y, g, qn, trims, m):
    wdf = p.n * (p.t - 1)
    out = {"s0": p.ssr(y, [])}
    out["single"] = stage(p, y, [], g)
    out["f"] = [(out["s0"] - out["single"]["ssr"]) / (out["single"]["ssr"] / wdf)]
    if m >= 2:
        g1 = out["single"]["value"]
        out["second"] = stage(p, y, [g1], exclude(g, [g1], qn, trims[1]))
        out["f"].append((out["single"]["ssr"] - out["second"]["ssr"]) / (out["second"]["ssr"] / wdf))
        g2 = out["second"]["value"]
        out["refined"] = stage(p, y, [g2], exclude(g, [g2], qn, trims[1]))
    if m >= 3:
        pair = [out["refined"]["value"], out["second"]["value"]]
        out["third"] = stage(p, y, pair, exclude(g, pair, qn, trims[2]))
        out["f"].append((out["refined"]["ssr"] - out["third"]["ssr"]) / (out["third"]["ssr"] / wdf))
    return out


def thresholds_of(s, k):
    if k == 0:
        return []
    if k == 1:
        return [s["single"]["value"]]
    if k == 2:
        return [s["refined"]["value"], s["second"]["value"]]
    return [s["refined"]["value"], s["second"]["value"], s["third"]["value"]]


def bootstrap(p, g, qn, trims, s, k, reps, seed):
    f = p.base(thresholds_of(s, k - 1))
    b, *_ = np.linalg.lstsq(f, p.y, rcond=None)
    fitted = f @ b
    e = (p.y - fitted).reshape(p.n, p.t)
    fstar = []
    for r in range(reps):
        yb = fitted + e[np.array(draws(seed, k, r, p.n))].reshape(-1)
        fstar.append(sequential(p, yb, g, qn, trims, k)["f"][k - 1])
    fstar = np.sort(np.array(fstar))
    return fstar


def lr_estimate(st, name, wdf, crit):
    s2 = st["ssr"] / wdf
    lr = (st["curve"] - st["ssr"]) / s2
    inside = st["candidates"][lr <= crit]
    return {"stage": name, "value": st["value"], "ssr": st["ssr"],
            "ci_lower": float(inside.min()), "ci_upper": float(inside.max()),
            "candidates": st["candidates"].tolist(),
            "lr": [x if math.isfinite(x) else None for x in lr.tolist()]}


def regime_slopes(p, ths, xnames, znames):
    ths = sorted(ths)
    regime = np.searchsorted(np.array(ths), p.q, side="left")  # q <= g1 -> 0
    cols, names = [p.zw] if p.zw.shape[1] else [], list(znames)
    for j in range(len(ths) + 1):
        cols.append(p.within(p.x * (regime == j)[:, None]))
        names += [f"{x}:regime{j + 1}" for x in xnames]
    xm = np.hstack(cols)
    xtx_inv = np.linalg.inv(xm.T @ xm)
    b = xtx_inv @ xm.T @ p.y
    e = p.y - xm @ b
    nobs, k = len(e), xm.shape[1]
    s2 = (e @ e) / (nobs - p.n - k)
    se_iid = np.sqrt(np.diag(xtx_inv) * s2)
    scores = (xm * e[:, None]).reshape(p.n, p.t, k).sum(axis=1)
    g = p.n
    factor = g / (g - 1) * (nobs - 1) / (nobs - k - 1)
    vc = xtx_inv @ (scores.T @ scores) @ xtx_inv * factor
    return {"names": names, "estimates": b.tolist(), "se_iid": se_iid.tolist(),
            "se_cluster": np.sqrt(np.diag(vc)).tolist(), "ssr": float(e @ e)}


def case(csv, entity, period, ycol, xcols, zcols, qcol, m, qn, trims, reps, seed, conf, note, out_name):
    df = pd.read_csv(os.path.join(ROOT, csv)).sort_values([entity, period], kind="mergesort")
    n, t = df[entity].nunique(), df[period].nunique()
    assert len(df) == n * t
    p = Panel(df[ycol].to_numpy(float), df[xcols].to_numpy(float),
              df[zcols].to_numpy(float) if zcols else np.zeros((len(df), 0)), df[qcol].to_numpy(float), n, t)
    g = grid(p.q, qn, trims[0])
    s = sequential(p, p.y, g, qn, trims, m)
    wdf = n * (t - 1)
    crit = -2 * math.log(1 - math.sqrt(conf))
    stages = [lr_estimate(s["single"], "single", wdf, crit)]
    if m >= 2:
        stages += [lr_estimate(s["second"], "double: second", wdf, crit),
                   lr_estimate(s["refined"], "double: first (refined)", wdf, crit)]
    if m >= 3:
        stages.append(lr_estimate(s["third"], "triple: third", wdf, crit))
    ssr_null = [s["s0"], s["single"]["ssr"], s.get("refined", {}).get("ssr")]
    ssr_alt = [s["single"]["ssr"], s.get("second", {}).get("ssr"), s.get("third", {}).get("ssr")]
    tests = []
    for k in range(1, m + 1):
        fstar = bootstrap(p, g, qn, trims, s, k, reps, seed)
        f = s["f"][k - 1]
        tests.append({"thresholds": k, "ssr_null": ssr_null[k - 1], "ssr": ssr_alt[k - 1],
                      "f_statistic": f, "p_value": float((fstar >= f).mean()),
                      "critical_values": [float(np.quantile(fstar, a)) for a in (0.90, 0.95, 0.99)]})
    ths = sorted(thresholds_of(s, m))
    out = {
        "source": note, "data": csv, "entity": entity, "period": period, "dependent": ycol,
        "regime_regressors": xcols, "controls": zcols, "threshold_variable": qcol,
        "thresholds_requested": m, "quantiles": qn, "trim": trims, "replications": reps, "seed": seed,
        "confidence_level": conf, "critical_lr": crit, "distinct_values": int(len(np.unique(p.q))),
        "grid_size": int(len(g)), "ssr_linear": s["s0"], "stages": stages, "tests": tests,
        "thresholds": ths, "regime_model": regime_slopes(p, ths, xcols, zcols),
        "bootstrap_first_draws": draws(seed, 1, 0, n),
    }
    with open(os.path.join(ROOT, "tests", "reference", "golden", out_name), "w") as fh:
        json.dump(out, fh, indent=1, allow_nan=False)
    print(out_name, "thresholds", ths, "F", [round(x["f_statistic"], 4) for x in tests],
          "p", [x["p_value"] for x in tests])


if __name__ == "__main__":
    case("data/demo/study_panel.csv", "entity", "year", "ln_gdp_per_capita", ["digital_infrastructure"],
         ["openness", "urbanization"], "internet_penetration", 3, 400, [0.01, 0.01, 0.05], 100, 20261203,
         0.95, "synthetic 31-province demo panel 2015-2021 (docs/data.md)", "threshold_demo.json")
    case("tests/reference/data/produc_logs.csv", "state", "year", "lgsp", ["lpcap"], ["lpc", "lemp"], "unemp",
         2, 400, [0.01, 0.01, 0.05], 50, 7, 0.95,
         "R plm Produc: 48 US states 1970-1986 (Munnell 1990), logs; threshold in the unemployment rate",
         "threshold_produc.json")
