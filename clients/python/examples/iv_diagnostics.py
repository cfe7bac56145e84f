"""Instrumental variables with state fixed effects: lgsp ~ lemp + lpc, lpc instrumented by
lpcap and unemp (Munnell's Produc data), standard errors clustered by state; prints the
first stage and the instrument diagnostics (docs/methods/iv.md).

    python iv_diagnostics.py [tests/reference/data/produc_iv.csv]
Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052)."""
import os
import sys

import govmetrics_client as gm


def show_test(label, test):
    if test.name:
        print(f"{label}: {test.name} = {test.statistic:.4f} (p = {test.p_value:.3g})")


def main(csv_path: str) -> int:
    panel = gm.read_panel_csv(csv_path, entity="state", period="year")
    target = os.environ.get("GOVMETRICS_MODELING_TARGET", "127.0.0.1:50052")
    model = gm.model_spec_pb2.ModelSpec(
        estimator="ESTIMATOR_IV", fixed_effects="FIXED_EFFECTS_ENTITY",
        variance=gm.model_spec_pb2.VarianceSpec(type="VARIANCE_TYPE_CLUSTER", cluster_by=["entity"]))
    with gm.ModelingClient(target, timeout=60) as modeling:
        try:
            fit = modeling.fit_panel_model(panel=panel, dependent="lgsp", regressors=["lemp"],
                                           endogenous=["lpc"], instruments=["lpcap", "unemp"],
                                           model=model)
        except gm.GovmetricsError as error:
            print(error, file=sys.stderr)
            return 1
    for c in fit.coefficients:
        print(f"{c.name:8s} {c.estimate:10.6f} {c.std_error:9.6f}")
    for stage in fit.first_stages:
        print(f"first stage {stage.endogenous}: F = {stage.f_statistic:.3f}, "
              f"partial R2 = {stage.partial_r_squared:.4f}")
    d = fit.iv_diagnostics
    print(f"convention: {d.convention}, clusters: {d.n_clusters}")
    show_test("under-identification", d.underidentification)
    print(f"weak identification: Cragg-Donald F = {d.cragg_donald_f:.3f}, "
          f"Kleibergen-Paap F = {d.kleibergen_paap_f:.3f}")
    for cv in d.stock_yogo:
        print(f"  Stock-Yogo {cv.criterion} {cv.threshold:.0%}: {cv.critical_value:.2f}")
    show_test("over-identification", d.overidentification)
    show_test("endogeneity", d.endogeneity)
    show_test("weak-IV-robust", d.anderson_rubin)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "tests/reference/data/produc_iv.csv"))
