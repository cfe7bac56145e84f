#!/usr/bin/python3
"""Independent cross-check of the Produc panel goldens with statsmodels.

Fits the Produc models as OLS with explicit state and year dummies (LSDV) in
statsmodels, writes tests/reference/golden/panel_produc_statsmodels.json in
the same format as panel_produc.json (the "r_call" field holds the Python
call here), and compares every case with the R golden of the same name:
exits non-zero if any estimate, standard error or p-value differs by more
than 1e-8 relative, so the two reference implementations guard each other.

Run with /usr/bin/python3 (the interpreter with statsmodels, pandas, numpy).
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import scipy
import scipy.stats
import statsmodels
import statsmodels.formula.api as smf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
CSV = "tests/reference/data/produc_logs.csv"
GOLDEN_R = os.path.join(ROOT, "tests/reference/golden/panel_produc.json")
OUT = os.path.join(ROOT, "tests/reference/golden/panel_produc_statsmodels.json")
REL_TOL = 1e-8

DEP = "lgsp"
REGS = ["lpcap", "lpc", "lemp", "unemp"]


def coef_rows(res, names, cov, t_df):
    """Coefficient table for `names` from params and a covariance matrix.

    t_df = 0 means the standard normal reference.
    """
    idx = [list(res.params.index).index(n) for n in names]
    out = []
    for n, i in zip(names, idx):
        est = float(res.params.iloc[i])
        se = float(np.sqrt(cov[i, i]))
        t = est / se
        if t_df > 0:
            p = float(2.0 * scipy.stats.t.sf(abs(t), t_df))
        else:
            p = float(2.0 * scipy.stats.norm.sf(abs(t)))
        out.append({"name": n, "estimate": est, "std_error": se,
                    "statistic": t, "p_value": p})
    return out


def case(name, call, fe, variance, rows, n_obs, df_resid, t_df, factor=None,
         r2=None, extra=None):
    c = {"name": name, "r_call": call, "dependent": DEP, "regressors": REGS,
         "fixed_effects": fe, "estimator": "pooled_ols" if fe == "none" else "within",
         "endogenous": [], "instruments": [], "variance": variance}
    if factor is not None:
        c["small_sample_factor"] = factor
    c["t_df"] = t_df
    c["coefficients"] = rows
    c["n_obs"] = n_obs
    c["df_resid"] = df_resid
    if r2 is not None:
        c["r_squared"] = r2
    if extra:
        c.update(extra)
    return c


def main():
    d = pd.read_csv(os.path.join(ROOT, CSV))
    n = len(d)
    state_codes = pd.factorize(d["state"], sort=True)[0]
    year_codes = pd.factorize(d["year"], sort=True)[0]
    G = len(np.unique(state_codes))
    T = len(np.unique(year_codes))
    rhs = " + ".join(REGS)
    cases = []

    # Pooled OLS.
    f_pool = f"{DEP} ~ {rhs}"
    m = smf.ols(f_pool, data=d)
    r = m.fit()
    names = ["Intercept"] + REGS
    k = len(r.params)
    rows = coef_rows(r, names, r.cov_params().values, int(r.df_resid))
    rows[0]["name"] = "(Intercept)"
    cases.append(case("pooled_ols_iid",
                      f"smf.ols('{f_pool}', data=d).fit()",
                      "none", {"type": "iid", "small_sample": "none"}, rows, n,
                      int(r.df_resid), int(r.df_resid), r2=float(r.rsquared)))

    r = m.fit(cov_type="cluster", cov_kwds={"groups": state_codes}, use_t=True)
    fac = G / (G - 1) * (n - 1) / (n - k)
    rows = coef_rows(r, names, r.cov_params().values, G - 1)
    rows[0]["name"] = "(Intercept)"
    # statsmodels' own t p-values use df = G - 1 too (df_correction default).
    assert abs(float(r.pvalues.iloc[1]) - rows[1]["p_value"]) <= 1e-12 * max(1.0, rows[1]["p_value"]) or \
        abs(float(r.pvalues.iloc[1]) / rows[1]["p_value"] - 1) < 1e-9
    cases.append(case(
        "pooled_ols_cluster_entity_stata",
        f"smf.ols('{f_pool}', data=d).fit(cov_type='cluster', cov_kwds={{'groups': state}}, use_t=True)"
        f"  # statsmodels default use_correction=True: G/(G-1)*(N-1)/(N-K), K = {k}; t df = G-1 = {G - 1}",
        "none", {"type": "cluster", "cluster_by": ["entity"], "small_sample": "stata"},
        rows, n, int(m.fit().df_resid), G - 1, factor=fac, r2=float(r.rsquared)))

    # Two-way LSDV. Slopes equal the within estimator (Frisch-Waugh-Lovell);
    # the slope block of any sandwich built from LSDV scores equals the one
    # built from demeaned regressors, so these check plm's within vcovs.
    f_tw = f"{DEP} ~ {rhs} + C(state) + C(year)"
    m = smf.ols(f_tw, data=d)
    r = m.fit()
    dfr = int(r.df_resid)
    rows = coef_rows(r, REGS, r.cov_params().values, dfr)
    cases.append(case("within_two_way_iid",
                      f"smf.ols('{f_tw}', data=d).fit()  # LSDV; df_resid = N - all dummies - slopes",
                      "two_way", {"type": "iid", "small_sample": "none"}, rows, n,
                      dfr, dfr))

    r0 = m.fit(cov_type="cluster", cov_kwds={"groups": state_codes, "use_correction": False},
               use_t=True)
    V0 = r0.cov_params().values
    rows = coef_rows(r0, REGS, V0, dfr)
    cases.append(case(
        "within_two_way_cluster_entity_none",
        f"smf.ols('{f_tw}', data=d).fit(cov_type='cluster', cov_kwds={{'groups': state, 'use_correction': False}})"
        "  # bare cluster sandwich; p from t with df_resid (LSDV) like coeftest on plm",
        "two_way", {"type": "cluster", "cluster_by": ["entity"], "small_sample": "none"},
        rows, n, dfr, dfr, factor=1.0))

    K = len(REGS) + T  # slopes + 1 + (T - 1): year FE not nested in state
    fac = G / (G - 1) * (n - 1) / (n - K)
    rows = coef_rows(r0, REGS, V0 * fac, G - 1)
    cases.append(case(
        "within_two_way_cluster_entity_stata",
        "same fit as within_two_way_cluster_entity_none, covariance * "
        f"G/(G-1)*(N-1)/(N-K) = {fac!r} with G = {G}, N = {n}, K = slopes + T = {K}"
        f" (xtreg y x i.year, fe vce(cluster state)); t df = G-1 = {G - 1}."
        " NB statsmodels' own use_correction=True would use K = all LSDV columns "
        f"({len(r.params)}), the areg/reg-with-dummies convention",
        "two_way", {"type": "cluster", "cluster_by": ["entity"], "small_sample": "stata"},
        rows, n, dfr, G - 1, factor=fac))

    r2w = m.fit(cov_type="cluster",
                cov_kwds={"groups": np.column_stack([state_codes, year_codes]),
                          "use_correction": False}, use_t=True)
    rows = coef_rows(r2w, REGS, r2w.cov_params().values, dfr)
    cases.append(case(
        "within_two_way_cluster_entity_period_none",
        f"smf.ols('{f_tw}', data=d).fit(cov_type='cluster', cov_kwds={{'groups': np.column_stack([state, year]), 'use_correction': False}})"
        "  # V_state + V_year - V_(state,year) (= white, one row per cell); p from t with df_resid",
        "two_way", {"type": "cluster", "cluster_by": ["entity", "period"], "small_sample": "none"},
        rows, n, dfr, dfr, factor=1.0))

    for lag, name, ml in ((int(np.floor(T ** 0.25)), "within_two_way_driscoll_kraay_default_lag", 0),
                          (3, "within_two_way_driscoll_kraay_lag3", 3)):
        rdk = m.fit(cov_type="hac-groupsum",
                    cov_kwds={"time": year_codes, "maxlags": lag, "use_correction": False},
                    use_t=True)
        rows = coef_rows(rdk, REGS, rdk.cov_params().values, dfr)
        cases.append(case(
            name,
            f"smf.ols('{f_tw}', data=d).fit(cov_type='hac-groupsum', cov_kwds={{'time': year_codes, 'maxlags': {lag}, 'use_correction': False}})"
            "  # Driscoll-Kraay (sum over units within period, Bartlett over periods), no factor; p from t with df_resid",
            "two_way", {"type": "driscoll_kraay", "max_lag": ml, "small_sample": "none"},
            rows, n, dfr, dfr, factor=1.0))

    out = {"dataset": "produc", "data": CSV, "entity": "state", "period": "year",
           "generated_by": "tests/reference/panel/produc_statsmodels.py",
           "versions": {"python": sys.version.split()[0],
                        "statsmodels": statsmodels.__version__,
                        "pandas": pd.__version__, "numpy": np.__version__,
                        "scipy": scipy.__version__},
           "cases": cases}
    with open(OUT, "w") as fh:
        fh.write(json.dumps(out, indent=2, default=float))
        fh.write("\n")
    print(f"wrote {OUT} ({len(cases)} cases)")

    # Cross-check against the R goldens.
    with open(GOLDEN_R) as fh:
        golden = {c["name"]: c for c in json.load(fh)["cases"]}
    worst = 0.0
    failures = []
    for c in cases:
        g = golden.get(c["name"])
        if g is None:
            failures.append(f"{c['name']}: no R golden of that name")
            continue
        gc = {x["name"]: x for x in g["coefficients"]}
        for row in c["coefficients"]:
            for field in ("estimate", "std_error", "statistic", "p_value"):
                a, b = row[field], gc[row["name"]][field]
                rel = abs(a - b) / max(abs(b), 1e-300)
                worst = max(worst, rel)
                if rel > REL_TOL:
                    failures.append(f"{c['name']} {row['name']} {field}: statsmodels {a!r} vs R {b!r} (rel {rel:.2e})")
        for field in ("n_obs", "df_resid", "t_df"):
            if c[field] != g[field]:
                failures.append(f"{c['name']} {field}: {c[field]} vs R {g[field]}")
    print(f"max relative difference vs R goldens: {worst:.3e} over {len(cases)} cases")
    if failures:
        print("\n".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
