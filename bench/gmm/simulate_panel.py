#!/usr/bin/python3
"""Simulated dynamic panel for bench/gmm/run.sh: N entities x T periods (seeded).

y_it = 0.5 y_i,t-1 + 0.3 x_it + mu_i + e_it, x_it = 0.5 x_i,t-1 + 0.2 mu_i + u_it,
started 20 periods before the first kept one so the process is near its stationary
distribution. Writes CSV: entity,year,y,x (17 significant digits).

  simulate_panel.py N T OUT.csv
"""
import sys

import numpy as np


def main() -> None:
    n, t, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = np.random.default_rng(20261203)
    burn = 20
    mu = rng.normal(size=n)
    y = np.zeros(n)
    x = np.zeros(n)
    rows = []
    for s in range(burn + t):
        x = 0.5 * x + 0.2 * mu + rng.normal(size=n)
        y = 0.5 * y + 0.3 * x + mu + rng.normal(size=n)
        if s >= burn:
            rows.append((s - burn, y.copy(), x.copy()))
    with open(out, "w") as f:
        f.write("entity,year,y,x\n")
        for i in range(n):
            for s, ys, xs in rows:
                f.write(f"{i + 1},{2000 + s},{ys[i]:.17g},{xs[i]:.17g}\n")


if __name__ == "__main__":
    main()
