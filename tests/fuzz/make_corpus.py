#!/usr/bin/python3
"""Writes the seed corpus for the libFuzzer targets: one directory per target, one
serialized request per file. Generated at run time (never committed) from Python stubs made
by clients/python/generate_stubs.sh in a temp dir.

    /usr/bin/python3 tests/fuzz/make_corpus.py OUT_DIR

The seeds are the edge cases the validators must turn into InvalidArgument /
FailedPrecondition instead of a crash: valid small panels, NaN/Inf values, an empty panel,
collinear (singular) regressors, a constant indicator, huge values (1e308), mismatched array
lengths, duplicate (entity, period) rows, unknown column names and out-of-range enums.
"""

import math
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_stubs(tmp):
    subprocess.run([os.path.join(ROOT, "clients/python/generate_stubs.sh"), tmp], check=True)
    sys.path.insert(0, tmp)
    from govmetrics.common.v1 import panel_pb2
    from govmetrics.index.v1 import index_service_pb2
    from govmetrics.modeling.v1 import (group_comparison_pb2, mediation_pb2, model_spec_pb2,
                                        modeling_service_pb2, panel_model_pb2)
    from govmetrics.reporting.v1 import report_pb2
    return dict(panel=panel_pb2, index=index_service_pb2, group=group_comparison_pb2,
                med=mediation_pb2, spec=model_spec_pb2, svc=modeling_service_pb2,
                fit=panel_model_pb2, report=report_pb2)


def make_panel(pb, n_entities=6, n_periods=5, seed=1, mutate=None):
    """A small balanced panel with columns y, x1, x2, m, z, w and labels region, group."""
    rng = random.Random(seed)
    p = pb["panel"].Panel()
    cols = {k: [] for k in ("y", "x1", "x2", "m", "z", "w")}
    regions = []
    for e in range(n_entities):
        alpha = rng.gauss(0, 1)
        for t in range(n_periods):
            p.entity.append(f"e{e}")
            p.period.append(2010 + t)
            x1 = rng.gauss(0, 1) + 0.3 * alpha
            x2 = rng.gauss(0, 1)
            z = x1 + rng.gauss(0, 0.5)
            m = 0.5 * x1 + rng.gauss(0, 1)
            y = alpha + 0.1 * t + 1.0 * x1 - 0.5 * x2 + 0.7 * m + rng.gauss(0, 1)
            for k, v in zip(cols, (y, x1, x2, m, z, abs(y) + 1.0)):
                cols[k].append(v)
            regions.append("east" if e % 2 == 0 else "west")
    for k, v in cols.items():
        c = p.columns.add()
        c.name = k
        c.values.extend(v)
    lab = p.labels.add()
    lab.name = "region"
    lab.values.extend(regions)
    if mutate:
        mutate(p)
    return p


def column(p, name):
    return next(c for c in p.columns if c.name == name)


def panel_variants(pb):
    """(name, Panel) pairs covering the edge cases."""
    def with_nan(p):
        column(p, "y").values[3] = math.nan
        column(p, "x1").values[7] = math.inf

    def huge(p):
        for c in p.columns:
            c.values[0] = 1e308
            c.values[1] = -1e308

    def collinear(p):
        column(p, "x2").values[:] = [2.0 * v for v in column(p, "x1").values]

    def constant(p):
        column(p, "x2").values[:] = [3.0] * len(column(p, "x2").values)

    def mismatched(p):
        del column(p, "y").values[-2:]
        del p.period[-1]

    def duplicate_rows(p):
        p.entity[1] = p.entity[0]
        p.period[1] = p.period[0]

    def empty(p):
        p.Clear()

    def no_rows(p):
        del p.entity[:]
        del p.period[:]
        for c in p.columns:
            del c.values[:]
        for lab in p.labels:
            del lab.values[:]

    def negative(p):
        column(p, "w").values[:] = [-abs(v) for v in column(p, "w").values]

    def subnormal(p):
        column(p, "x1").values[:] = [5e-324 * (i % 3) for i in range(len(column(p, "x1").values))]

    def duplicate_column(p):
        c = p.columns.add()
        c.CopyFrom(column(p, "x1"))

    yield "valid", make_panel(pb)
    yield "valid_unbalanced", make_panel(pb, mutate=lambda p: _drop_rows(p, [2, 9, 17]))
    yield "one_entity", make_panel(pb, n_entities=1, n_periods=4)
    yield "one_period", make_panel(pb, n_entities=6, n_periods=1)
    yield "tiny", make_panel(pb, n_entities=2, n_periods=2)
    yield "nan", make_panel(pb, mutate=with_nan)
    yield "huge", make_panel(pb, mutate=huge)
    yield "collinear", make_panel(pb, mutate=collinear)
    yield "constant", make_panel(pb, mutate=constant)
    yield "mismatched", make_panel(pb, mutate=mismatched)
    yield "duplicate_rows", make_panel(pb, mutate=duplicate_rows)
    yield "empty", make_panel(pb, mutate=empty)
    yield "no_rows", make_panel(pb, mutate=no_rows)
    yield "negative", make_panel(pb, mutate=negative)
    yield "subnormal", make_panel(pb, mutate=subnormal)
    yield "duplicate_column", make_panel(pb, mutate=duplicate_column)


def _drop_rows(p, rows):
    keep = [i for i in range(len(p.entity)) if i not in set(rows)]
    ent, per = list(p.entity), list(p.period)
    p.entity[:] = [ent[i] for i in keep]
    p.period[:] = [per[i] for i in keep]
    for c in p.columns:
        v = list(c.values)
        c.values[:] = [v[i] for i in keep]
    for lab in p.labels:
        v = list(lab.values)
        lab.values[:] = [v[i] for i in keep]


def index_requests(pb, panels):
    idx = pb["index"]
    for name, panel in panels:
        for method in (1, 2, 3, 4, 5):
            r = idx.ComputeIndexRequest()
            r.panel.CopyFrom(panel)
            for col, d, dim in (("x1", 1, "a"), ("x2", 2, "a"), ("w", 1, "b"), ("m", 1, "b")):
                ind = r.indicators.add()
                ind.column, ind.direction, ind.dimension = col, d, dim
            r.method = method
            r.pooling = 1 + method % 3
            r.base_period = 2010
            r.hierarchy = 1 + method % 3
            r.missing_policy = 1 + method % 3
            yield f"{name}_m{method}", r
    r = idx.ComputeIndexRequest()
    r.panel.CopyFrom(panels[0][1])
    r.indicators.add().column = "nope"
    r.method = 77
    r.shift = -1.0
    r.score_scale = math.nan
    yield "bad_enums", r


def coupling_requests(pb, panels):
    idx = pb["index"]
    for name, panel in panels:
        r = idx.ComputeCouplingCoordinationRequest()
        r.panel.CopyFrom(panel)
        r.first, r.second = "w", "x1"
        r.first_weight = 0.5
        yield name, r
    r = idx.ComputeCouplingCoordinationRequest()
    r.panel.CopyFrom(panels[0][1])
    r.first, r.second, r.first_weight = "w", "w", math.nan
    yield "same_nan_weight", r


def fill_variance(v, kind, seed):
    v.type = kind
    if kind == 6:
        v.cluster_by.append("entity")
    if kind == 7:
        v.max_lag = 2
    v.small_sample = 1 + seed % 5
    if seed % 4 == 0:
        v.wild_bootstrap.enabled = True
        v.wild_bootstrap.replications = 19
        v.wild_bootstrap.seed = seed
        v.wild_bootstrap.weights = 1 + seed % 2


def fit_requests(pb, panels):
    fit = pb["fit"]
    for name, panel in panels:
        for est in range(1, 7):
            r = fit.FitPanelModelRequest()
            r.panel.CopyFrom(panel)
            r.dependent = "y"
            r.regressors.extend(["x1", "x2", "m"])
            r.fixed_effects = 1 + est % 4
            r.estimator = est
            if est == 6:
                r.endogenous.append("m")
                r.instruments.append("z")
            fill_variance(r.variance, 1 + est % 7, est)
            r.confidence_level = 0.95
            if est == 2:
                t = r.transforms.add()
                t.column, t.log = "w", True
                t = r.transforms.add()
                t.column, t.lag = "x1", 1
                t = r.transforms.add()
                t.column = "x2"
                t.winsorize.lower, t.winsorize.upper = 0.05, 0.95
                r.filter.label = "region"
                r.filter.keep.append("east")
                r.filter.keep.append("west")
                r.filter.period_min = 2011
            yield f"{name}_e{est}", r
    r = fit.FitPanelModelRequest()
    r.panel.CopyFrom(panels[0][1])
    r.dependent = "y"
    r.regressors.extend(["y", "x1", "x1", "missing"])
    r.absorb.append("region")
    r.confidence_level = 1.5
    r.variance.max_lag = -3
    r.variance.wild_bootstrap.enabled = True
    r.variance.wild_bootstrap.replications = -1
    yield "bad_fields", r


def hausman_requests(pb, panels):
    svc = pb["svc"]
    for name, panel in panels:
        for method in (1, 2):
            r = svc.HausmanTestRequest()
            r.panel.CopyFrom(panel)
            r.dependent = "y"
            r.regressors.extend(["x1", "x2"])
            r.method = method
            fill_variance(r.variance, 6 if method == 2 else 1, method)
            yield f"{name}_h{method}", r


def mediation_requests(pb, panels):
    med = pb["med"]
    for name, panel in panels:
        for mode in (1, 2):
            r = med.AnalyzeMediationRequest()
            r.panel.CopyFrom(panel)
            r.treatment, r.outcome = "x1", "y"
            r.mediators.extend(["m", "z"] if mode == 2 else ["m"])
            r.controls.append("x2")
            r.model.fixed_effects = 4
            r.model.estimator = 2
            r.model.variance.type = 6
            r.mode = mode
            r.bootstrap.replications = 20
            r.bootstrap.seed = 7
            r.bootstrap.ci_level = 0.95
            r.bootstrap.ci_method = 1 + mode
            r.bootstrap.resample = mode
            r.alpha = 0.05
            yield f"{name}_mode{mode}", r
    r = med.AnalyzeMediationRequest()
    r.panel.CopyFrom(panels[0][1])
    r.treatment, r.outcome = "x1", "x1"
    r.mediators.extend(["x1", "m", "m"])
    r.bootstrap.replications = 10
    r.bootstrap.ci_level = math.nan
    r.bootstrap.ci_method = 3
    r.alpha = 2.0
    yield "bad_fields", r


def group_requests(pb, panels):
    grp = pb["group"]
    for name, panel in panels:
        r = grp.CompareGroupsRequest()
        r.panel.CopyFrom(panel)
        r.dependent = "y"
        r.regressors.extend(["x1", "x2"])
        r.model.fixed_effects = 4
        r.model.estimator = 2
        r.model.variance.type = 6
        r.group_by = "region"
        r.compare.append("x1")
        r.permutations = 10
        r.seed = 3
        yield name, r
    r = grp.CompareGroupsRequest()
    r.panel.CopyFrom(panels[0][1])
    r.dependent = "y"
    r.regressors.append("x1")
    r.group_by = "nope"
    r.compare.append("x9")
    r.permutations = -5
    yield "bad_fields", r


def describe_requests(pb, panels):
    svc = pb["svc"]
    for name, panel in panels:
        r = svc.DescribeVariablesRequest()
        r.panel.CopyFrom(panel)
        r.columns.extend(["y", "x1", "x2", "w"])
        r.group_by = "region" if len(name) % 2 else ""
        yield name, r


def report_requests(pb):
    rep = pb["report"]
    r = rep.Report()
    r.title = "Fuzz <seed> & \"quotes\" \\ $x_1$ % # _ {}"
    r.language = 1
    s = r.sections.add()
    s.id, s.title = "s1", "Baseline"
    s.table_ids.extend(["t1", "missing_table"])
    s.chart_ids.extend(["c1", "c2", "c3", "c4", "missing_chart"])
    sen = s.summary.add()
    sen.text = "x1 raises y by {t1:0:0}"
    sen.cell_refs.extend(["t1:0:0", "t1:99:99", "bogus"])
    t = r.tables.add()
    t.id, t.title, t.stub_header = "t1", "Table, with \"csv\" chars\n", "Variable"
    t.columns.extend(["(1)", "(2)"])
    for kind, vals in ((1, (0.5, math.nan)), (2, (0.1, math.inf)), (3, (1e308, -0.0))):
        row = t.rows.add()
        row.label, row.kind = f"row{kind}", kind
        for v in vals:
            c = row.cells.add()
            c.text, c.value, c.has_value, c.p_value = f"{v}", v, True, 0.01
    row = t.rows.add()
    row.label = "ragged"
    row.cells.add().text = "only one cell <b>"
    t.notes.append("note & <note>")
    for kind in range(0, 5):
        ch = r.charts.add()
        ch.id, ch.title, ch.kind = f"c{kind}", f"chart {kind}", kind
        ch.categories.extend(["a", "b", "c"])
        se = ch.series.add()
        se.name = "s"
        se.values.extend([1.0, math.nan, 1e308][: 3 - kind % 2])
        se.lower.extend([0.0, -math.inf])
        se.upper.extend([2.0, 3.0, 4.0, 5.0])
        se.p_values.extend([0.5])
        ch.x_label, ch.y_label = "x", "y"
        ch.treatment_label, ch.outcome_label = "T", "Y"
    h = r.headlines.add()
    h.id, h.text, h.value, h.p_value = "h1", "headline", math.nan, -1.0
    r.notes.append("final note")
    yield "full", r
    empty_chart = rep.Report()
    c = empty_chart.charts.add()
    c.kind = 1
    c.series.add()
    yield "empty_chart", empty_chart
    flat = rep.Report()
    c = flat.charts.add()
    c.kind = 2
    c.categories.extend(["a", "b"])
    c.series.add().values.extend([3.0, 3.0])
    yield "flat_chart", flat
    # Axis ranges with no representable scale, every chart kind: the range overflows, or an
    # empty range at a subnormal value underflows (the first bug fuzz_render_documents found).
    for name, values in (("huge_range_chart", [-1.7e308, 1.7e308]),
                         ("subnormal_chart", [5e-324, 5e-324])):
        r = rep.Report()
        for kind in range(0, 5):
            c = r.charts.add()
            c.kind = kind
            c.categories.extend(["a", "b"])
            c.series.add().values.extend(values)
        yield name, r
    yield "empty", rep.Report()


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_corpus.py OUT_DIR")
    out = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        pb = load_stubs(tmp)
        panels = list(panel_variants(pb))
        targets = {
            "fuzz_compute_index": index_requests(pb, panels),
            "fuzz_coupling_coordination": coupling_requests(pb, panels),
            "fuzz_fit_panel_model": fit_requests(pb, panels),
            "fuzz_hausman_test": hausman_requests(pb, panels),
            "fuzz_analyze_mediation": mediation_requests(pb, panels),
            "fuzz_compare_groups": group_requests(pb, panels),
            "fuzz_describe_variables": describe_requests(pb, panels),
            "fuzz_render_documents": report_requests(pb),
        }
        for target, seeds in targets.items():
            d = os.path.join(out, target)
            os.makedirs(d, exist_ok=True)
            # The ctest fixture regenerates into the same dir: drop seeds a renamed case left.
            for old in os.listdir(d):
                if old.startswith("seed_") and old.endswith(".bin"):
                    os.remove(os.path.join(d, old))
            n = 0
            for name, msg in seeds:
                with open(os.path.join(d, f"seed_{name}.bin"), "wb") as f:
                    f.write(msg.SerializeToString())
                n += 1
            print(f"{target}: {n} seeds")
    write_file_seeds(out)


# Seeds for the file readers (fuzz_read_<format>): the small reference files written by R
# haven / openpyxl (tests/reference/files/) and CSV edge cases. Copied, not generated.
FILE_SEEDS = {
    "fuzz_read_stata": ["grunfeld.dta", "grunfeld_monthly.dta"],
    "fuzz_read_spss": ["grunfeld.sav", "grunfeld.zsav"],
    "fuzz_read_sas": ["grunfeld.sas7bdat"],
    "fuzz_read_xlsx": ["bad.xlsx", "encrypted.xlsx", "produc_wide.xlsx"],
}
CSV_SEEDS = [
    b"state,year,x\nA,2015,1.5\nA,2016,.\nB,2015,NA\n",
    b"\xef\xbb\xbfid,year,name,x2015,x2016\r\n\"0,7\",2015,\"say \"\"hi\"\"\nthere\",1,2\r\n",
    b"id,year,x,x\n1,2015,1,2\n",
    b"id,year,x\nA,1,\"2\n",
    b"id,year,x\nA,1,1\nA,2,n/a\nA,3,3\n",
]


def write_file_seeds(out):
    data = os.path.join(ROOT, "tests", "reference", "data", "files")
    for target, names in FILE_SEEDS.items():
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for name in names:
            with open(os.path.join(data, name), "rb") as src, open(os.path.join(d, "seed_" + name), "wb") as dst:
                dst.write(src.read())
        print(f"{target}: {len(names)} seeds")
    d = os.path.join(out, "fuzz_read_csv")
    os.makedirs(d, exist_ok=True)
    for i, seed in enumerate(CSV_SEEDS):
        with open(os.path.join(d, f"seed_{i}.csv"), "wb") as f:
            f.write(seed)
    print(f"fuzz_read_csv: {len(CSV_SEEDS)} seeds")


if __name__ == "__main__":
    main()
