#!/usr/bin/python3
"""Golden values for FitCensoredModel's random-effects Tobit, from an independent numpy /
scipy implementation written for the test (no R package for it is installed here:
censReg and pglm are not in Debian).

Model (Butler and Moffitt 1982; Stata xttobit manual, "Methods and formulas"):
  y*_it = x_it'b + u_i + e_it, u_i ~ N(0, s_u^2), e_it ~ N(0, s_e^2),
  y_it = a if y*_it <= a, b if y*_it >= b, y*_it otherwise;
  L_i = int exp(h_i(u)) du,  h_i(u) = sum_t log f(y_it | x_it'b + u) + log(phi(u / s_u) / s_u),
by adaptive Gauss-Hermite quadrature (Liu and Pierce 1994; Rabe-Hesketh, Skrondal and
Pickles 2002; xttobit's adaptive integration): with u_i the mode of h_i and
c_i = -h_i''(u_i), nodes u_i + sqrt(2 / c_i) v_m and
  L_i ~= sum_m w_m exp(v_m^2) sqrt(2 / c_i) exp(h_i(u_i + sqrt(2 / c_i) v_m)),
(v_m, w_m) the M-point rule of numpy.polynomial.hermite.hermgauss. Here the mode comes
from scipy.optimize.minimize_scalar (Brent) and c_i from a central second difference of
h_i (the C++ uses Newton and the analytic curvature). f is the censored-normal density
(scipy.special.log_ndtr for the censored terms).

Convention (as xttobit): the nodes are placed at the current parameters and held fixed
while the parameters move; the estimate is the fixed point where the gradient with the
nodes placed at it vanishes. Here: maximise with nodes fixed (BFGS with an analytic
gradient derived independently below, then Newton steps with a central-difference
Hessian of that gradient), re-place the nodes, repeat until the parameters stop moving.
Standard errors: the inverse of that Hessian at the fixed point (nodes fixed);
sigma_u, sigma_e and rho = s_u^2 / (s_u^2 + s_e^2) by the delta method. LR test of
s_u = 0: chi-bar-square(01), p = P(chi2_1 >= LR) / 2.

Quadrature error: each case is also fitted with 30 adaptive points; the golden records
the largest relative change of any coefficient / SE between 12 and 30 points, the
accuracy the 12-point rule itself allows (the test compares our 12-point fit with this
12-point fit, so it checks the implementation, not the rule).

Marginal effects (Stata [XT] xttobit postestimation: predict's pr0(a,b), e0(a,b) and
ystar0(a,b) are computed "assuming u_i = 0", i.e. y* ~ N(x'b, s_e^2)): the predictions
  Pr(a < y* < b) = Phi(B) - Phi(A),
  E[y* | a < y* < b] = x'b + s_e (phi(A) - phi(B)) / (Phi(B) - Phi(A)),
  E[y] = a Phi(A) + b (1 - Phi(B)) + Pr(a < y* < b) E[y* | a < y* < b],
with A = (a - x'b) / s_e, B = (b - x'b) / s_e (Greene, Econometric Analysis, 18.3-18.4,
two-limit form), are coded as functions of the design row and differentiated in each
regressor numerically (five-point stencil), not by the McDonald-Moffitt factors the C++
uses; at the regressor means and averaged over the sample; SEs by the delta method with
the full covariance of (b, log s_u, log s_e) and a five-point-stencil Jacobian.

Data: the censored outcomes of tests/reference/panel/tobit_reference.R
(tests/reference/data/{produc,empluk}_tobit.csv; run that script first).
Writes tests/reference/golden/tobit_random_effects.json.
"""
import json
import os

import numpy as np
import scipy
from scipy import optimize, special, stats

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
DATA = os.path.join(ROOT, "tests", "reference", "data")


def read_csv(name):
    import csv
    with open(os.path.join(DATA, name)) as f:
        rows = list(csv.DictReader(f))
    return rows


class Problem:
    def __init__(self, rows, entity, dep, regressors, left, right, period_effects):
        self.y = np.array([float(r[dep]) for r in rows])
        cols = [np.ones(len(rows))] + [np.array([float(r[x]) for r in rows]) for x in regressors]
        names = ["(Intercept)"] + list(regressors)
        if period_effects:
            years = np.array([int(r["year"]) for r in rows])
            for yv in sorted(set(years))[1:]:
                cols.append((years == yv).astype(float))
                names.append("period=%d" % yv)
        self.x = np.column_stack(cols)
        self.names = names
        ids = [r[entity] for r in rows]
        order = {e: i for i, e in enumerate(dict.fromkeys(ids))}
        self.g = np.array([order[e] for e in ids])
        self.n_groups = len(order)
        self.left = -np.inf if left is None else left
        self.right = np.inf if right is None else right
        self.lo = self.y <= self.left
        self.hi = self.y >= self.right
        self.mid = ~(self.lo | self.hi)
        self.rows_of = [np.flatnonzero(self.g == i) for i in range(self.n_groups)]

    # Per-observation log density at index eta (any shape broadcasting with y) and its
    # derivatives by eta and by log s.
    def obs(self, eta, log_s):
        s = np.exp(log_s)
        y = self.y[:, None] if eta.ndim == 2 else self.y
        lo = self.lo[:, None] if eta.ndim == 2 else self.lo
        hi = self.hi[:, None] if eta.ndim == 2 else self.hi
        z = (y - eta) / s
        zl = (self.left - eta) / s
        zr = (eta - self.right) / s
        ll = np.where(lo, special.log_ndtr(np.where(lo, zl, 0.0)),
                      np.where(hi, special.log_ndtr(np.where(hi, zr, 0.0)),
                               -0.5 * z * z - log_s - 0.5 * np.log(2 * np.pi)))
        mills_l = np.exp(stats.norm.logpdf(zl) - special.log_ndtr(zl)) if np.isfinite(self.left) else 0 * eta
        mills_r = np.exp(stats.norm.logpdf(zr) - special.log_ndtr(zr)) if np.isfinite(self.right) else 0 * eta
        d_eta = np.where(lo, -mills_l / s, np.where(hi, mills_r / s, z / s))
        d_ls = np.where(lo, -mills_l * np.where(lo, zl, 0.0),
                        np.where(hi, -mills_r * np.where(hi, zr, 0.0), z * z - 1.0))
        return ll, d_eta, d_ls

    def pooled_negloglik(self, theta):
        k = self.x.shape[1]
        ll, d_eta, d_ls = self.obs(self.x @ theta[:k], theta[k])
        return -ll.sum(), -np.concatenate([self.x.T @ d_eta, [d_ls.sum()]])

    def entity_h(self, i, u, eta, ls_u, ls_e):
        rows = self.rows_of[i]
        ll, _, _ = self.obs_rows(rows, eta[rows] + u, ls_e)
        return ll.sum() - 0.5 * (u / np.exp(ls_u)) ** 2 - ls_u - 0.5 * np.log(2 * np.pi)

    def obs_rows(self, rows, eta, log_s):
        sub = Problem.__new__(Problem)
        sub.y, sub.lo, sub.hi = self.y[rows], self.lo[rows], self.hi[rows]
        sub.left, sub.right = self.left, self.right
        return sub.obs(eta, log_s)

    def place_nodes(self, theta, points):
        k = self.x.shape[1]
        eta = self.x @ theta[:k]
        v, w = np.polynomial.hermite.hermgauss(points)
        U = np.zeros((self.n_groups, points))
        LW = np.zeros((self.n_groups, points))
        for i in range(self.n_groups):
            h = lambda u: -self.entity_h(i, u, eta, theta[k], theta[k + 1])
            mode = optimize.minimize_scalar(h, bracket=(-1.0, 1.0), method="brent", tol=1e-12).x
            d = 1e-4 * max(1.0, abs(mode), np.exp(theta[k]))
            c = (h(mode + d) - 2 * h(mode) + h(mode - d)) / d ** 2
            scale = np.sqrt(2.0 / c)
            U[i] = mode + scale * v
            LW[i] = np.log(w) + v ** 2 + np.log(scale)
        return U, LW

    def re_negloglik(self, theta, U, LW):
        k = self.x.shape[1]
        b, ls_u, ls_e = theta[:k], theta[k], theta[k + 1]
        eta = (self.x @ b)[:, None] + U[self.g]              # (n, M): each row at its entity's nodes
        ll, d_eta, d_ls = self.obs(eta, ls_e)
        S = np.zeros(U.shape)
        np.add.at(S, self.g, ll)
        z2 = (U / np.exp(ls_u)) ** 2
        logw = LW + S - 0.5 * z2 - ls_u - 0.5 * np.log(2 * np.pi)
        logL = special.logsumexp(logw, axis=1)
        p = np.exp(logw - logL[:, None])                     # posterior node weights
        pr = p[self.g]
        grad_b = self.x.T @ (pr * d_eta).sum(axis=1)
        grad_u = (p * (z2 - 1.0)).sum()
        grad_e = (pr * d_ls).sum()
        return -logL.sum(), -np.concatenate([grad_b, [grad_u, grad_e]])


def newton_polish(fun, theta, steps=6, h=1e-5):
    """Newton steps on the analytic gradient with a central-difference Hessian."""
    for _ in range(steps):
        H = hessian_of(fun, theta, h)
        g = fun(theta)[1]
        theta = theta - np.linalg.solve(H, g)
    return theta, hessian_of(fun, theta, h)


def hessian_of(fun, theta, h):
    p = len(theta)
    H = np.zeros((p, p))
    for j in range(p):
        step = h * max(1.0, abs(theta[j]))
        up, dn = theta.copy(), theta.copy()
        up[j] += step
        dn[j] -= step
        H[:, j] = (fun(up)[1] - fun(dn)[1]) / (2 * step)
    return 0.5 * (H + H.T)


def fit_pooled(pr):
    k = pr.x.shape[1]
    b0, *_ = np.linalg.lstsq(pr.x, pr.y, rcond=None)
    t0 = np.concatenate([b0, [np.log(np.std(pr.y - pr.x @ b0))]])
    res = optimize.minimize(pr.pooled_negloglik, t0, jac=True, method="BFGS", options={"gtol": 1e-9, "maxiter": 5000})
    theta, _ = newton_polish(pr.pooled_negloglik, res.x)
    return theta, -pr.pooled_negloglik(theta)[0]


def fit_re(pr, points, pooled_theta):
    k = pr.x.shape[1]
    theta = np.concatenate([pooled_theta[:k], [pooled_theta[k] - 0.5 * np.log(2)] * 2])
    for _ in range(50):
        U, LW = pr.place_nodes(theta, points)
        fun = lambda t: pr.re_negloglik(t, U, LW)
        res = optimize.minimize(fun, theta, jac=True, method="BFGS", options={"gtol": 1e-8, "maxiter": 10000})
        new, H = newton_polish(fun, res.x)
        moved = np.max(np.abs(new - theta))
        theta = new
        print("  points %d: fixed-point step %.3g, -loglik %.12f" % (points, moved, fun(theta)[0]), flush=True)
        if moved < 1e-10:
            break
    U, LW = pr.place_nodes(theta, points)
    fun = lambda t: pr.re_negloglik(t, U, LW)
    grad_norm = np.abs(fun(theta)[1]).max()
    assert grad_norm < 1e-6, grad_norm
    H = hessian_of(fun, theta, 1e-5)
    V = np.linalg.inv(H)
    return theta, V, -fun(theta)[0]


def truncated_mean(A, B):
    """E[z | A < z < B] for a standard normal z: (phi(A) - phi(B)) / D with D = Phi(B) - Phi(A)
    taken in logs from the tail both limits lie in (rows of a random-effects fit, whose s_e is
    small, lie far inside a censored region, where D underflows)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        upper = special.log_ndtr(-A) + np.log1p(-np.exp(special.log_ndtr(-B) - special.log_ndtr(-A)))
        lower = special.log_ndtr(B) + np.log1p(-np.exp(special.log_ndtr(A) - special.log_ndtr(B)))
        middle = np.log(special.ndtr(B) - special.ndtr(A))
    log_d = np.where(A > 0, upper, np.where(B < 0, lower, middle))
    return np.exp(stats.norm.logpdf(A) - log_d) - np.exp(stats.norm.logpdf(B) - log_d)


def predictions(x, theta, k, left, right, kind, near_one=None):
    """pr0, e0 or ystar0 at the rows of x (u_i = 0: scale s_e = exp(theta[k + 1])). Rows
    flagged near_one give Pr(a < y* < b) less 1, i.e. minus the censored probability, which
    keeps its digits (and has the same derivative) where Pr rounds to 1."""
    eta = x @ theta[:k]
    s_e = np.exp(theta[k + 1])
    A = (left - eta) / s_e
    B = (right - eta) / s_e
    prob = np.where(A > 0, special.ndtr(-A) - special.ndtr(-B), special.ndtr(B) - special.ndtr(A))
    if kind == "probability":
        return prob if near_one is None else np.where(near_one, -(special.ndtr(A) + special.ndtr(-B)), prob)
    cond = eta + s_e * truncated_mean(A, B)
    if kind == "conditional":
        return cond
    below = left * special.ndtr(A) if np.isfinite(left) else 0.0
    above = right * special.ndtr(-B) if np.isfinite(right) else 0.0
    return below + above + prob * cond


def five_point(f, h):
    return (f(-2 * h) - 8 * f(-h) + 8 * f(h) - f(2 * h)) / (12 * h)


def effects(pr, theta, kind, at, steps):
    """d prediction / d x_j for the regressors (not the intercept), at the means or averaged;
    steps[j] moves x_j."""
    k = pr.x.shape[1]
    x = pr.x.mean(axis=0, keepdims=True) if at == "means" else pr.x
    near_one = predictions(x, theta, k, pr.left, pr.right, "probability") > 0.5
    out = []
    for j in range(1, k):
        def moved(d):
            xd = x.copy()
            xd[:, j] += d
            return predictions(xd, theta, k, pr.left, pr.right, kind, near_one).mean()
        out.append(five_point(moved, steps[j]))
    return np.array(out)


def marginal_effects(pr, theta, V):
    # Steps that move the standardised index (x'b / s_e) by about 1e-2, in x (inner) and in
    # theta (outer): each five-point stencil's own error (step^4 / 30) is then ~3e-10 and
    # the rounding the outer one divides by its step ~1e-11. At the means, a row d standard
    # deviations from the nearest limit has effects of order phi(d), whose log moves about
    # d times as fast: both steps shrink by 1 + d there.
    k = pr.x.shape[1]
    s_e = np.exp(theta[k + 1])
    x_scale = np.maximum(1.0, np.abs(pr.x).max(axis=0))
    x_steps = 1e-2 * s_e / np.maximum(np.abs(theta[:k]), 1e-8)
    theta_steps = np.concatenate([1e-2 * s_e / x_scale, [1e-2, 1e-2]])
    eta_at_means = pr.x.mean(axis=0) @ theta[:k]
    d = min(abs(limit - eta_at_means) / s_e for limit in (pr.left, pr.right) if np.isfinite(limit))
    # The truncated mean against scipy's truncnorm (slow, but independent of the algebra).
    eta = pr.x @ theta[:k]
    check = truncated_mean((pr.left - eta) / s_e, (pr.right - eta) / s_e)
    assert np.allclose(check, stats.truncnorm.mean((pr.left - eta) / s_e, (pr.right - eta) / s_e),
                       rtol=1e-11, atol=1e-13)
    tables = []
    for at in ("means", "average"):
        for kind in ("unconditional", "conditional", "probability"):
            shrink = 1 + d if at == "means" else 1
            est = effects(pr, theta, kind, at, x_steps / shrink)
            J = np.zeros((len(est), len(theta)))
            for p in range(len(theta)):
                def shifted(delta):
                    t = theta.copy()
                    t[p] += delta
                    return effects(pr, t, kind, at, x_steps / shrink)
                J[:, p] = five_point(shifted, theta_steps[p] / shrink)
            tables.append({"at": at, "kind": kind, "names": pr.names[1:], "estimate": est.tolist(),
                           "std_error": np.sqrt(np.diag(J @ V @ J.T)).tolist()})
    return tables


def case(name, dataset, entity, dep, regressors, left, right, period_effects, points=12):
    rows = read_csv("produc_tobit.csv" if dataset == "produc" else "empluk_tobit.csv")
    pr = Problem(rows, entity, dep, regressors, left, right, period_effects)
    k = pr.x.shape[1]
    pooled_theta, pooled_ll = fit_pooled(pr)
    theta, V, ll = fit_re(pr, points, pooled_theta)
    theta30, V30, _ = fit_re(pr, 30, pooled_theta)
    su, se_ = np.exp(theta[k]), np.exp(theta[k + 1])
    rho = su ** 2 / (su ** 2 + se_ ** 2)
    J_rho = np.array([2 * rho * (1 - rho), -2 * rho * (1 - rho)])
    var_rho = J_rho @ V[k:, k:] @ J_rho
    lr = max(0.0, 2 * (ll - pooled_ll))
    se = np.sqrt(np.diag(V))
    se30 = np.sqrt(np.diag(V30))
    quad_coef = float(np.max(np.abs(theta30[:k] - theta[:k]) / np.maximum(np.abs(theta[:k]), 1e-12)))
    quad_se = float(np.max(np.abs(se30[:k] - se[:k]) / se[:k]))
    return {
        "name": name, "dataset": dataset, "entity": entity, "dependent": dep, "regressors": list(regressors),
        "left": left, "right": right, "period_effects": period_effects, "quadrature_points": points,
        "names": pr.names, "coefficients": theta[:k].tolist(), "std_error": se[:k].tolist(),
        "log_sigma_u": float(theta[k]), "log_sigma_e": float(theta[k + 1]),
        "log_sigma_u_std_error": float(se[k]), "log_sigma_e_std_error": float(se[k + 1]),
        "sigma_u": float(su), "sigma_e": float(se_), "rho": float(rho), "rho_std_error": float(np.sqrt(var_rho)),
        "sigma_u_std_error": float(su * se[k]), "sigma_e_std_error": float(se_ * se[k + 1]),
        "log_likelihood": float(ll), "pooled_log_likelihood": float(pooled_ll),
        "lr_sigma_u": float(lr), "lr_sigma_u_p_value": float(1.0 if lr <= 0 else 0.5 * stats.chi2.sf(lr, 1)),
        "observations": int(len(pr.y)), "entities": int(pr.n_groups),
        "quadrature_change_12_to_30": {"coefficients": quad_coef, "std_errors": quad_se},
        "marginal_effects": marginal_effects(pr, theta, V),
    }


def main():
    cases = [
        case("produc_two_limits", "produc", "state", "unemp_c", ["lgsp", "lpcap", "lpc", "lemp"], 4.0, 10.0, False),
        case("empluk_left", "empluk", "firm", "lemp_c", ["lwage", "lcapital", "loutput"], 0.0, None, False),
        case("empluk_left_period", "empluk", "firm", "lemp_c", ["lwage", "lcapital", "loutput"], 0.0, None, True),
    ]
    golden = {
        "description": "Random-effects Tobit (Butler-Moffitt; adaptive Gauss-Hermite, 12 points, nodes at the estimate as xttobit), independent numpy/scipy implementation; marginal effects at u_i = 0 (xttobit predict pr0/e0/ystar0) by numerical differentiation of the predictions",
        "generated_by": "tests/reference/panel/tobit_random_effects_numpy.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
        "cases": cases,
    }
    out = os.path.join(ROOT, "tests", "reference", "golden", "tobit_random_effects.json")
    with open(out, "w") as f:
        json.dump(golden, f, indent=2)
        f.write("\n")
    print("wrote:", out)


if __name__ == "__main__":
    main()
