"""Mediation: does public capital (lpcap) raise output (lgsp) through private capital (lpc)?
Two-way fixed effects, entity-block bootstrap of the indirect effect (Produc data).

    python mediation.py [tests/reference/data/produc_logs.csv]
Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052)."""
import os
import sys

import govmetrics_client as gm


def main(csv_path: str) -> int:
    panel = gm.read_panel_csv(csv_path, entity="state", period="year")
    target = os.environ.get("GOVMETRICS_MODELING_TARGET", "127.0.0.1:50052")
    with gm.ModelingClient(target, timeout=120) as modeling:
        try:
            result = modeling.analyze_mediation(
                panel=panel, treatment="lpcap", mediators=["lpc"], outcome="lgsp", controls=["unemp"],
                model=gm.model_spec_pb2.ModelSpec(fixed_effects="FIXED_EFFECTS_TWO_WAY",
                                                  estimator="ESTIMATOR_WITHIN"),
                bootstrap=gm.mediation_pb2.Bootstrap(replications=499, seed=20240601))
        except gm.GovmetricsError as error:
            print(error, file=sys.stderr)
            return 1
    for m in result.mediators:
        print(f"mediator {m.mediator}: a = {m.a.estimate:.4f}, b = {m.b.estimate:.4f}, "
              f"indirect = {m.indirect:.4f}, 95% CI [{m.bootstrap_ci_lower:.4f}, {m.bootstrap_ci_upper:.4f}], "
              f"Sobel p = {m.sobel.p_value:.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "tests/reference/data/produc_logs.csv"))
