"""Panel fit: lgsp ~ lpcap + lpc + lemp + unemp with state fixed effects, standard errors
clustered by state (Munnell's Produc data; the textbook lpc estimate is 0.2920).

    python fit_panel_model.py [tests/reference/data/produc_logs.csv]
Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052)."""
import os
import sys

import govmetrics_client as gm


def main(csv_path: str) -> int:
    panel = gm.read_panel_csv(csv_path, entity="state", period="year")
    target = os.environ.get("GOVMETRICS_MODELING_TARGET", "127.0.0.1:50052")
    with gm.ModelingClient(target, timeout=60) as modeling:
        try:
            fit = modeling.fit_panel_model(
                panel=panel, dependent="lgsp", regressors=["lpcap", "lpc", "lemp", "unemp"],
                fixed_effects="FIXED_EFFECTS_ENTITY", estimator="ESTIMATOR_WITHIN",
                variance=gm.model_spec_pb2.VarianceSpec(type="VARIANCE_TYPE_CLUSTER", cluster_by=["entity"]))
        except gm.GovmetricsError as error:
            print(error, file=sys.stderr)
            return 1
    print(f"N = {fit.n_obs}, entities = {fit.n_entities}, within R2 = {fit.r_squared_within:.4f}")
    print(f"{'term':8s} {'estimate':>10s} {'std.err':>9s} {'p':>9s}")
    for c in fit.coefficients:
        print(f"{c.name:8s} {c.estimate:10.6f} {c.std_error:9.6f} {c.p_value:9.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "tests/reference/data/produc_logs.csv"))
