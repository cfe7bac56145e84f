"""Moderation: does the effect of public capital (lpcap) on output (lgsp) depend on
unemployment (unemp)? State and year fixed effects, standard errors clustered by state
(plm's small-sample convention), the interaction lpcap x unemp with simple slopes at
mean - 1 SD, mean, mean + 1 SD of unemp and the Johnson-Neyman interval (Munnell's Produc
data; the case produc_within_twoway_cluster_plm of tests/reference/golden/moderation.json,
from R plm + sandwich; docs/methods/moderation.md).

    python moderation.py [tests/reference/data/produc_logs.csv]
Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052)."""
import os
import sys

import govmetrics_client as gm


def main(csv_path: str) -> int:
    panel = gm.read_panel_csv(csv_path, entity="state", period="year")
    target = os.environ.get("GOVMETRICS_MODELING_TARGET", "127.0.0.1:50052")
    model = gm.model_spec_pb2.ModelSpec(
        estimator="ESTIMATOR_WITHIN", fixed_effects="FIXED_EFFECTS_TWO_WAY",
        variance=gm.model_spec_pb2.VarianceSpec(type="VARIANCE_TYPE_CLUSTER", cluster_by=["entity"],
                                                small_sample="SMALL_SAMPLE_PLM"))
    moderation = gm.panel_model_pb2.ModerationSpec(
        interactions=[gm.panel_model_pb2.InteractionTerm(focal="lpcap", moderator="unemp")])
    with gm.ModelingClient(target, timeout=60) as modeling:
        try:
            fit = modeling.fit_panel_model(panel=panel, dependent="lgsp",
                                           regressors=["lpcap", "lpc", "lemp", "unemp"],
                                           model=model, moderation=moderation)
        except gm.GovmetricsError as error:
            print(error, file=sys.stderr)
            return 1
    for c in fit.coefficients:
        print(f"{c.name:12s} {c.estimate:10.6f} {c.std_error:9.6f}")
    result = fit.moderation[0]
    for s in result.simple_slopes:
        print(f"slope of {result.focal} at {result.moderator} = {s.at_label} ({s.at:.3f}): "
              f"{s.slope:.4f} (SE {s.std_error:.4f}, p = {s.p_value:.3g})")
    jn = result.johnson_neyman
    print(f"Johnson-Neyman: significant {jn.region} [{jn.lower:.3f}, {jn.upper:.3f}], "
          f"sample range [{jn.observed_min:.2f}, {jn.observed_max:.2f}]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "tests/reference/data/produc_logs.csv"))
