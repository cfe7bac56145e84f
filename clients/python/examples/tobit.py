"""Random-effects Tobit: log employment of UK firms, recorded at 0 (1,000 employees) when
smaller, on wages, capital and output (EmplUK, unbalanced); 12-point adaptive
Gauss-Hermite quadrature; average marginal effects on E[y|x] at u_i = 0
(docs/methods/tobit.md).

    python tobit.py [tests/reference/data/empluk_tobit.csv]
Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052)."""
import os
import sys

import govmetrics_client as gm


def main(csv_path: str) -> int:
    panel = gm.read_panel_csv(csv_path, entity="firm", period="year")
    target = os.environ.get("GOVMETRICS_MODELING_TARGET", "127.0.0.1:50052")
    with gm.ModelingClient(target, timeout=120) as modeling:
        try:
            fit = modeling.fit_censored_model(panel=panel, dependent="lemp_c",
                                              regressors=["lwage", "lcapital", "loutput"], left_limit=0.0,
                                              model="CENSORED_MODEL_RANDOM_EFFECTS")
        except gm.GovmetricsError as error:
            print(error, file=sys.stderr)
            return 1
    print(f"random-effects Tobit: {fit.observations} rows ({fit.left_censored} left-censored), "
          f"{fit.entities} firms")
    for c in fit.coefficients:
        print(f"{c.name:12s} {c.estimate:10.6f} {c.std_error:9.6f}")
    re = fit.random_effects
    print(f"sigma_u = {re.sigma_u:.4f}, sigma_e = {re.sigma_e:.4f}, rho = {re.rho:.4f}; "
          f"LR test of sigma_u = 0: {re.sigma_u_test.statistic:.2f} (p = {re.sigma_u_test.p_value:.3g})")
    average = gm.censored_pb2.MARGINAL_EFFECT_AT_AVERAGE
    unconditional = gm.censored_pb2.MARGINAL_EFFECT_KIND_UNCONDITIONAL
    for m in fit.marginal_effects:
        if m.at == average and m.kind == unconditional:
            print(f"average effect of {m.regressor} on E[y|x] at u_i = 0: {m.estimate:.4f} (SE {m.std_error:.4f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "tests/reference/data/empluk_tobit.csv"))
