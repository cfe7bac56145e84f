"""Synthetic balanced panel for the side-by-side benchmarks: N entities x T = 20 periods,
five regressors correlated with the entity effect, two-way FE data-generating process.
Writes a raw little-endian float64 file with columns
entity, period, y, x1..x5 (row-major), which C++, R and Python read without parsing.

    /usr/bin/python3 make_panel.py ROWS OUT.bin
"""
import sys

import numpy as np


def main(rows: int, out: str) -> None:
    t = 20
    n = rows // t
    rng = np.random.default_rng(20240901)
    entity = np.repeat(np.arange(n), t).astype(float)
    period = np.tile(np.arange(t), n).astype(float)
    alpha = rng.normal(size=n)[entity.astype(int)]
    gamma = rng.normal(size=t)[period.astype(int)]
    x = rng.normal(size=(n * t, 5)) + 0.5 * alpha[:, None]
    beta = np.array([0.5, -0.3, 0.2, 0.0, 1.0])
    y = x @ beta + alpha + gamma + rng.normal(size=n * t)
    np.column_stack([entity, period, y, x]).astype("<f8").tofile(out)


if __name__ == "__main__":
    main(int(float(sys.argv[1])), sys.argv[2])
