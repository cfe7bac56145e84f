"""Simulated counties for the spatial panel benchmark (bench/spatial_panel/run.sh).

N counties at uniform random points in the unit square (seeded), W = the symmetrised
6-nearest-neighbour graph (i ~ j when either is among the other's 6 nearest), row-
standardised by the fitters; a two-way fixed-effects SDM over T periods:
y_t = (I - 0.4 W)^-1 (x1 b1 + x2 b2 + W x1 t1 + W x2 t2 + mu + alpha_t + e_t).
Writes DIR/counties_panel.csv (entity, year, y, x1, x2) and DIR/counties_edges.csv.
"""
import sys

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.spatial import cKDTree


def main(out_dir, n=3000, t=10, k=6, seed=20261203):
    rng = np.random.default_rng(seed)
    xy = rng.random((n, 2))
    _, idx = cKDTree(xy).query(xy, k + 1)
    pairs = {(min(i, j), max(i, j)) for i in range(n) for j in idx[i, 1:]}
    rows = [a for a, b in pairs] + [b for a, b in pairs]
    cols = [b for a, b in pairs] + [a for a, b in pairs]
    b = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    w = sp.diags(1 / np.asarray(b.sum(axis=1)).ravel()) @ b
    a = (sp.identity(n) - 0.4 * w).tocsc()
    mu = rng.normal(size=n)
    lines = ["entity,year,y,x1,x2"]
    for period in range(t):
        x1, x2 = rng.normal(size=n), rng.normal(size=n)
        rhs = 1.0 * x1 - 0.5 * x2 + 0.3 * (w @ x1) + 0.2 * (w @ x2) + mu + 0.1 * period + rng.normal(size=n)
        y = spla.spsolve(a, rhs)
        lines += [f"c{i:05d},{2000 + period},{y[i]:.17g},{x1[i]:.17g},{x2[i]:.17g}" for i in range(n)]
    with open(f"{out_dir}/counties_panel.csv", "w") as fh:
        fh.write("\n".join(lines) + "\n")
    with open(f"{out_dir}/counties_edges.csv", "w") as fh:
        fh.write("entity_a,entity_b\n" + "".join(f"c{a:05d},c{b:05d}\n" for a, b in sorted(pairs)))


if __name__ == "__main__":
    main(sys.argv[1], *(int(v) for v in sys.argv[2:]))
