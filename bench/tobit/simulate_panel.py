#!/usr/bin/python3
"""Simulated censored panel for bench/tobit/run.sh: N entities x T periods (seeded).

y*_it = 0.2 + 0.5 x1 - 0.3 x2 + 0.2 x3 + 0.1 x4 - 0.4 x5 + u_i + e_it, the x's standard
normal with an entity component (so they correlate within entities like provincial
indicators), u_i ~ N(0, 0.5^2), e_it ~ N(0, 0.7^2); y = y* censored to [0, 1] (an
efficiency score: ~43% of rows at 0 and ~24% at 1). Writes CSV:
entity,year,y,x1..x5 (17 significant digits).

  simulate_panel.py N T OUT.csv
"""
import sys

import numpy as np

BETA = np.array([0.5, -0.3, 0.2, 0.1, -0.4])


def main() -> None:
    n, t, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = np.random.default_rng(20261204)
    entity = np.repeat(np.arange(n), t)
    year = np.tile(np.arange(2000, 2000 + t), n)
    x = 0.6 * rng.normal(size=(n, 5))[entity] + 0.8 * rng.normal(size=(n * t, 5))
    latent = 0.2 + x @ BETA + 0.5 * rng.normal(size=n)[entity] + 0.7 * rng.normal(size=n * t)
    y = np.clip(latent, 0.0, 1.0)
    table = np.column_stack([entity, year, y, x])
    header = "entity,year,y,x1,x2,x3,x4,x5"
    np.savetxt(out, table, delimiter=",", header=header, comments="",
               fmt=["%d", "%d"] + ["%.17g"] * 6)


if __name__ == "__main__":
    main()
