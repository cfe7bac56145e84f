#!/usr/bin/python3
"""bench/tobit/run.sh: random-effects Tobit (12-point adaptive Gauss-Hermite) with the
independent numpy/scipy implementation that writes the golden values
(tests/reference/panel/tobit_random_effects_numpy.py: the pooled start, then the
fixed-point iteration of BFGS + Newton with the nodes re-placed), on a CSV from
simulate_panel.py censored to [0, 1]. No R package for the random-effects Tobit is in
Debian (censReg, pglm), so this is the only other implementation here. Prints
"numpy seconds=S coef1=... se1=... loglik=... sigma_u=... sigma_e=..." (reading the CSV
is not timed; the reference's progress lines go to stderr).

  tobit_re_numpy.py FILE.csv
"""
import contextlib
import csv
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "reference",
                                "panel"))
import tobit_random_effects_numpy as reference  # noqa: E402


def main() -> None:
    with open(sys.argv[1]) as f:
        rows = list(csv.DictReader(f))
    problem = reference.Problem(rows, "entity", "y", ["x1", "x2", "x3", "x4", "x5"], 0.0, 1.0, False)
    start = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):
        pooled, _ = reference.fit_pooled(problem)
        theta, covariance, loglik = reference.fit_re(problem, 12, pooled)
    seconds = time.perf_counter() - start
    k = problem.x.shape[1]
    print("numpy seconds=%.4f coef1=%.10f se1=%.10f loglik=%.6f sigma_u=%.10f sigma_e=%.10f rows=%d" % (
        seconds, theta[1], np.sqrt(covariance[1, 1]), loglik, np.exp(theta[k]), np.exp(theta[k + 1]), len(rows)))


if __name__ == "__main__":
    main()
