#!/usr/bin/python3
"""Independent numpy implementation of the IV diagnostics that no R package
here computes: Kleibergen-Paap rk LM and rk Wald F, Hansen J, the C
(difference-in-Sargan / difference-in-Hansen) endogeneity statistic and the
heteroskedasticity- and cluster-robust Anderson-Rubin test (and its set when
one excluded instrument makes it a quadratic), plus the iid forms (Anderson
canonical-correlation LM, Cragg-Donald Wald F, Sargan) for a cross-check
against the AER goldens of iv_diagnostics_reference.R.

Formulas (written here from the sources, not from the C++):
- Kleibergen, F. and Paap, R. (2006), "Generalized reduced rank tests using
  the singular value decomposition", Journal of Econometrics 133, 97-126:
  the rk statistic of H0 rank(Pi) = K1 - 1 from the SVD of the standardised
  reduced-form matrix Theta = Fzz' Pi Fyy^-T (eq. 11-16), with the robust
  covariance of vec(Pi) built from the first-stage scores kron(v_i, z_i).
- Baum, Schaffer and Stillman (2007), "Enhanced routines for instrumental
  variables/GMM estimation and testing", Stata Journal 7(4), 465-506, and
  the ivreg2 / xtivreg2 help files for the scalings: with N observations,
  L instruments after the fixed effects are swept out, L1 excluded,
  D = degrees of freedom absorbed by the fixed effects (xtivreg2's
  dofminus, the number of groups for entity effects) and M clusters:
    rk LM   = chi2 * (N - D) / N           (cluster: chi2)
    rk F    = chi2 / N * (N - L - D) / L1  (cluster: chi2/(N-1)*(N-L)*(M-1)/M/L1)
    Anderson LM = (N - D) * min canonical correlation^2
    Cragg-Donald F = e/(1-e) * (N - L - D) / L1, e the min squared canonical correlation
    Sargan  = e'P_Z e / (e'e / (N - D))
    Hansen J = N gbar' S^-1 gbar at the two-step efficient GMM estimate,
              S = sum (z_i e_i)(z_i e_i)' / (N - D)   (cluster: cluster sums / N)
    C = J(regressors treated as exogenous) - J(as endogenous), both with the
        S of the model that treats them as exogenous (Hayashi 2000, 3.8).
    AR Wald of the excluded-instrument coefficients in y ~ Z (robust
        sandwich, HC scaled by (N - D)/N), F = W/(N-D)*(N-L-D)/L1
        (cluster: W/(N-1)*(N-L)*(M-1)/M/L1 with M - 1 denominator df).
Fixed effects are swept out by least squares on the dummy matrix (the
within transformation for one factor, exact two-way projection for two).

Writes tests/reference/golden/iv_diagnostics_numpy.json. Run with
/usr/bin/python3 (numpy, pandas, scipy for the p-values).
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import scipy
import scipy.stats

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(ROOT, "tests/reference/golden/iv_diagnostics_numpy.json")
R_GOLDEN = os.path.join(ROOT, "tests/reference/golden/iv_diagnostics.json")
LEVEL = 0.95

DATA = {
    "produc": ("tests/reference/data/produc_iv.csv", "state", "year"),
    "empluk": ("tests/reference/data/empluk_iv.csv", "firm", "year"),
}


def residualize(a, d):
    """Residuals of the columns of a on d (least squares; d may be empty)."""
    if d is None or d.shape[1] == 0:
        return a.copy()
    coef, *_ = np.linalg.lstsq(d, a, rcond=None)
    return a - d @ coef


def dummies(codes):
    levels, inv = np.unique(codes, return_inverse=True)
    m = np.zeros((len(codes), len(levels)))
    m[np.arange(len(codes)), inv] = 1.0
    return m


def prepare(case):
    path, entity, period = DATA[case["dataset"]]
    df = pd.read_csv(os.path.join(ROOT, path))
    fe = case["fixed_effects"]
    if fe == "none":
        d = None  # pooled: levels, the intercept is an included instrument
        absorbed = 0
    else:
        parts = [dummies(df[entity].astype(str).to_numpy())]
        if fe == "two_way":
            parts.append(dummies(df[period].astype(str).to_numpy()))
        d = np.hstack(parts)
        absorbed = np.linalg.matrix_rank(d)
    cols = lambda names: df[names].to_numpy(dtype=float)
    p = {
        "y": residualize(cols([case["dependent"]]), d)[:, 0],
        "x1": residualize(cols(case["endogenous"]), d),
        "x2": residualize(cols(case["exogenous"]), d) if case["exogenous"] else np.zeros((len(df), 0)),
        "z1": residualize(cols(case["instruments"]), d),
        "N": len(df),
        "D": absorbed,
        "cluster": df[entity].astype(str).to_numpy() if case["variance"] == "cluster" else None,
    }
    if fe == "none":  # ivreg2's constant: counted in L, not in D
        p["x2"] = np.hstack([p["x2"], np.ones((len(df), 1))])
    return p


def meat(scores, cluster):
    if cluster is None:
        return scores.T @ scores
    _, inv = np.unique(cluster, return_inverse=True)
    sums = np.zeros((inv.max() + 1, scores.shape[1]))
    np.add.at(sums, inv, scores)
    return sums.T @ sums


def n_clusters(cluster):
    return len(np.unique(cluster))


def sqrtm_sym(a):
    w, v = np.linalg.eigh((a + a.T) / 2)
    return (v * np.sqrt(np.clip(w, 0, None))) @ v.T


def kp_rk(x1p, z1p, v, cluster, n):
    """Kleibergen-Paap rk chi-square of H0 rank(Pi) = K1 - 1 (returns chi2, df)."""
    k1, l1 = x1p.shape[1], z1p.shape[1]
    qzz, qzy, qyy = z1p.T @ z1p / n, z1p.T @ x1p / n, x1p.T @ x1p / n
    fzz = np.linalg.cholesky(qzz)  # lower: qzz = fzz fzz'
    fyy = np.linalg.cholesky(qyy)
    pi = np.linalg.solve(qzz, qzy)
    theta = fzz.T @ pi @ np.linalg.inv(fyy.T)
    u, s, vt = np.linalg.svd(theta, full_matrices=True)
    vv = vt.T
    scores = np.hstack([v[:, [j]] * z1p for j in range(k1)])
    shat = meat(scores, cluster) / n
    t = np.kron(np.linalg.inv(fyy), np.linalg.inv(fzz))  # (Fyy^-1 kron Fzz^-1)
    kpvar = t @ shat @ t.T
    kk = k1 - 1
    u12, u22 = u[:kk, kk:], u[kk:, kk:]
    v12, v22 = vv[:kk, kk:], vv[kk:, kk:]
    aq = np.vstack([u12, u22]) @ np.linalg.inv(u22) @ sqrtm_sym(u22 @ u22.T)
    bq = sqrtm_sym(v22 @ v22.T) @ np.linalg.inv(v22.T) @ np.vstack([v12, v22]).T
    k = np.kron(bq, aq.T)
    lab = k @ theta.flatten(order="F")
    vlab = k @ kpvar @ k.T
    chi2 = n * lab @ np.linalg.solve((vlab + vlab.T) / 2, lab)
    return chi2, l1 - kk, s


def j_with_omega(z, x, y, omega, n):
    qxz, qzy = x.T @ z / n, z.T @ y / n
    w = np.linalg.inv(omega)
    beta = np.linalg.solve(qxz @ w @ qxz.T, qxz @ w @ qzy)
    gbar = z.T @ (y - x @ beta) / n
    return n * gbar @ w @ gbar


def omega_of(z, e, p, robust):
    n, d = p["N"], p["D"]
    if not robust:
        return (e @ e / (n - d)) * (z.T @ z) / n
    if p["cluster"] is not None:
        return meat(z * e[:, None], p["cluster"]) / n
    return meat(z * e[:, None], None) / (n - d)


def tsls(y, x, z):
    xhat = z @ np.linalg.lstsq(z, x, rcond=None)[0]
    beta = np.linalg.lstsq(xhat, y, rcond=None)[0]
    return beta, y - x @ beta


def f_scale(wald_like, p, l, l1):
    """ivreg2's F form of a chi-square built with the robust conventions."""
    n, d = p["N"], p["D"]
    if p["cluster"] is not None:
        m = n_clusters(p["cluster"])
        return wald_like / (n - 1) * (n - l) * (m - 1) / m / l1, m - 1
    return wald_like / n * (n - l - d) / l1, n - l - d


def anderson_rubin(p, robust, l, crit_level):
    y, x1, x2, z1 = p["y"], p["x1"], p["x2"], p["z1"]
    n, d, l1 = p["N"], p["D"], z1.shape[1]
    yp, x1p, z1p = residualize(y[:, None], x2)[:, 0], residualize(x1, x2), residualize(z1, x2)
    bread = np.linalg.inv(z1p.T @ z1p)

    def parts(e):  # coefficient, covariance (before scaling) of e ~ Z1p
        b = bread @ z1p.T @ e
        r = e - z1p @ b
        if not robust:
            return b, (r @ r / (n - d)) * bread, r
        return b, bread @ meat(z1p * r[:, None], p["cluster"]) @ bread, r

    def f_of(e):
        b, v, _ = parts(e)
        wald = b @ np.linalg.solve(v, b)
        if robust and p["cluster"] is None:
            wald *= (n - d) / n
        if robust and p["cluster"] is not None:
            return f_scale(wald, p, l, l1)
        return wald / (n - d) * (n - l - d) / l1, n - l - d

    f, df2 = f_of(yp)
    out = {"statistic": f, "df1": l1, "df2": df2,
           "p_value": scipy.stats.f.sf(f, l1, df2)}
    if x1.shape[1] == 1 and (not robust or l1 == 1):
        crit = scipy.stats.f.ppf(crit_level, l1, df2)
        # F(b) = c1 * pi(b)'A(b)^-1 pi(b); with one instrument (or iid, where
        # A(b) = s2(b) bread) the inequality F(b) <= crit is a quadratic in b:
        # evaluate F at three points of the form num(b)/den(b) and solve.
        x = x1p[:, 0]

        def num_den(bval):
            e = yp - bval * x
            b, v, r = parts(e)
            if not robust:
                # wald = b' bread^-1 b / s2; F = (b'bread^-1 b)/(r'r) * (n-l-d)/l1
                return (b @ np.linalg.solve(bread, b)) * (n - l - d) / l1, r @ r
            f_b, _ = f_of(e)
            den = v[0, 0]
            return f_b * den, den

        pts = np.array([-1.0, 0.0, 1.0])
        nums = [num_den(b)[0] for b in pts]
        dens = [num_den(b)[1] for b in pts]
        qa = np.polyfit(pts, nums, 2) - crit * np.polyfit(pts, dens, 2)
        a2, a1, a0 = qa
        disc = a1 * a1 - 4 * a2 * a0
        if disc <= 0:
            out["set"] = {"kind": "empty" if a2 > 0 else "everything"}
        else:
            r = np.sort(np.roots(qa).real)
            for b0 in r:
                fb, _ = f_of(yp - b0 * x)
                assert abs(fb / crit - 1) < 1e-7, (fb, crit)
            out["set"] = {"kind": "interval" if a2 > 0 else "outside",
                          "lower": r[0], "upper": r[1]}
    return out


def diagnostics(case):
    p = prepare(case)
    robust = case["variance"] != "iid"
    y, x1, x2, z1 = p["y"], p["x1"], p["x2"], p["z1"]
    n, d = p["N"], p["D"]
    k1, l1 = x1.shape[1], z1.shape[1]
    z = np.hstack([x2, z1])
    x = np.hstack([x1, x2])
    l = np.linalg.matrix_rank(z)
    beta, e = tsls(y, x, z)
    x1p, z1p = residualize(x1, x2), residualize(z1, x2)
    out = {"coefficients": [{"name": nm, "estimate": b}
                            for nm, b in zip(case["endogenous"] + case["exogenous"], beta[:k1 + len(case["exogenous"])])],
           "n_obs": n, "df_absorbed": d, "instruments_l": l}
    # Canonical correlations (iid forms).
    qzz, qzy, qyy = z1p.T @ z1p, z1p.T @ x1p, x1p.T @ x1p
    evals = np.linalg.eigvals(np.linalg.solve(qyy, qzy.T @ np.linalg.solve(qzz, qzy))).real
    e_min = evals.min()
    out["cragg_donald_f"] = e_min / (1 - e_min) * (n - l - d) / l1
    if not robust:
        stat = (n - d) * e_min
        out["underidentification"] = {"name": "anderson_lm", "statistic": stat, "df": l1 - k1 + 1,
                                      "p_value": scipy.stats.chi2.sf(stat, l1 - k1 + 1)}
    else:
        chi2, df, _ = kp_rk(x1p, z1p, x1p, p["cluster"], n)
        stat = chi2 if p["cluster"] is not None else chi2 * (n - d) / n
        out["underidentification"] = {"name": "kleibergen_paap_lm", "statistic": stat, "df": df,
                                      "p_value": scipy.stats.chi2.sf(stat, df)}
        pi = np.linalg.solve(qzz, qzy)
        chi2w, _, _ = kp_rk(x1p, z1p, x1p - z1p @ pi, p["cluster"], n)
        out["kleibergen_paap_f"], _ = f_scale(chi2w, p, l, l1)
        if p["cluster"] is not None:
            out["n_clusters"] = n_clusters(p["cluster"])
    if l1 > k1:
        omega = omega_of(z, e, p, robust)
        j = j_with_omega(z, x, y, omega, n) if robust else (e @ z @ np.linalg.solve(z.T @ z, z.T @ e)) / (e @ e / (n - d))
        out["overidentification"] = {"name": "hansen_j" if robust else "sargan", "statistic": j,
                                     "df": l1 - k1, "p_value": scipy.stats.chi2.sf(j, l1 - k1)}
    # C statistic: every endogenous regressor tested (treated as exogenous).
    zr = np.hstack([z, x1])
    er = y - x @ np.linalg.lstsq(x, y, rcond=None)[0]
    omega_r = omega_of(zr, er, p, robust)
    c = j_with_omega(zr, x, y, omega_r, n) - j_with_omega(z, x, y, omega_r[:z.shape[1], :z.shape[1]], n)
    out["endogeneity"] = {"name": "difference_in_hansen" if robust else "difference_in_sargan",
                          "statistic": c, "df": k1, "p_value": scipy.stats.chi2.sf(c, k1)}
    out["anderson_rubin"] = anderson_rubin(p, robust, l, LEVEL)
    return out


def case(name, dataset, dep, exog, endog, inst, fe, variance):
    return {"name": name, "dataset": dataset, "dependent": dep, "exogenous": exog,
            "endogenous": endog, "instruments": inst, "fixed_effects": fe, "variance": variance}


CASES = []
for v in ("iid", "robust", "cluster"):
    CASES.append(case(f"produc_entity_{v}", "produc", "lgsp", ["lemp"], ["lpc"], ["lpcap", "unemp"], "entity", v))
    CASES.append(case(f"empluk_entity_{v}", "empluk", "lemp", ["loutput", "lcapital"], ["lwage"],
                      ["lwage_l1", "lcapital_l1"], "entity", v))
    CASES.append(case(f"empluk_exact_{v}", "empluk", "lemp", ["loutput", "lcapital"], ["lwage"],
                      ["lwage_l1"], "entity", v))
for v in ("iid", "robust"):
    CASES.append(case(f"produc_pooled_{v}", "produc", "lgsp", ["lemp"], ["lpc"], ["lpcap", "unemp"], "none", v))
for v in ("iid", "cluster"):
    CASES.append(case(f"produc_two_endogenous_{v}", "produc", "lgsp", ["unemp"], ["lpc", "lemp"],
                      ["lhwy", "lwater", "lutil"], "entity", v))
    CASES.append(case(f"empluk_two_way_{v}", "empluk", "lemp", ["loutput", "lcapital"], ["lwage"],
                      ["lwage_l1", "lcapital_l1"], "two_way", v))


def cross_check_with_r(results):
    """The iid statistics must agree with the AER / lm goldens."""
    with open(R_GOLDEN) as f:
        r = {c["name"]: c for c in json.load(f)["cases"]}
    pairs = {"produc_entity_iid": "produc_entity", "empluk_entity_iid": "empluk_entity",
             "produc_pooled_iid": "produc_pooled", "empluk_two_way_iid": "empluk_two_way",
             "produc_two_endogenous_iid": "produc_entity_two_endogenous"}
    for ours, theirs in pairs.items():
        a, b = results[ours], r[theirs]
        for ca, cb in zip(a["coefficients"], b["coefficients"]):
            assert abs(ca["estimate"] / cb["estimate"] - 1) < 1e-9, (ours, ca, cb)
        assert abs(a["cragg_donald_f"] / b["cragg_donald_f"] - 1) < 1e-9, ours
        assert abs(a["anderson_rubin"]["statistic"] / b["anderson_rubin"]["statistic"] - 1) < 1e-9, ours
        if "overidentification" in a:
            assert abs(a["overidentification"]["statistic"] / b["sargan_xtivreg2"]["statistic"] - 1) < 1e-9, ours
        if "lower" in a["anderson_rubin"].get("set", {}):
            assert abs(a["anderson_rubin"]["set"]["lower"] / b["anderson_rubin_set"]["lower"] - 1) < 1e-7, ours


def to_plain(o):
    if isinstance(o, dict):
        return {k: to_plain(v) for k, v in o.items()}
    if isinstance(o, list):
        return [to_plain(v) for v in o]
    if isinstance(o, (np.floating, float)):
        return float(o)
    if isinstance(o, (np.integer,)):
        return int(o)
    return o


def main():
    results = {}
    cases = []
    for c in CASES:
        res = diagnostics(c)
        results[c["name"]] = res
        cases.append({**c, **res})
    if os.path.exists(R_GOLDEN):
        cross_check_with_r(results)
    golden = {
        "description": "IV diagnostics from an independent numpy implementation (Kleibergen-Paap 2006; "
                       "ivreg2/xtivreg2 conventions, Baum, Schaffer and Stillman 2007)",
        "generated_by": "tests/reference/panel/iv_diagnostics_numpy.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
        "confidence_level": LEVEL,
        "cases": to_plain(cases),
    }
    with open(OUT, "w") as f:
        json.dump(golden, f, indent=2)
        f.write("\n")
    print("wrote:", OUT)


if __name__ == "__main__":
    sys.exit(main())
