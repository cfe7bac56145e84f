// Random-effects Tobit: log employment of UK firms, recorded at 0 (1,000 employees) when
// smaller, on wages, capital and output (EmplUK, unbalanced); 12-point adaptive
// Gauss-Hermite quadrature; average marginal effects on E[y|x] at u_i = 0
// (docs/methods/tobit.md).
//
//	tobit [tests/reference/data/empluk_tobit.csv]
//
// Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052).
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/govmetrics/govmetrics/clients/go/govmetrics"
	modelingv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/modeling/v1"
)

func main() {
	csvPath := "tests/reference/data/empluk_tobit.csv"
	if len(os.Args) > 1 {
		csvPath = os.Args[1]
	}
	panel, err := govmetrics.ReadPanelCSVFile(csvPath, "firm", "year")
	if err != nil {
		fail(err)
	}
	conn, err := govmetrics.Dial(govmetrics.TargetFromEnv("GOVMETRICS_MODELING_TARGET", "127.0.0.1:50052"), govmetrics.WithTimeout(2*time.Minute))
	if err != nil {
		fail(err)
	}
	defer conn.Close()
	left := 0.0 // an optional field: a pointer, so that 0 is a limit and nil is none
	fit, err := modelingv1.NewModelingServiceClient(conn).FitCensoredModel(context.Background(), &modelingv1.FitCensoredModelRequest{
		Panel: panel, Dependent: "lemp_c", Regressors: []string{"lwage", "lcapital", "loutput"}, LeftLimit: &left,
		Model: modelingv1.CensoredModel_CENSORED_MODEL_RANDOM_EFFECTS,
	})
	if err != nil {
		fail(err)
	}
	fmt.Printf("random-effects Tobit: %d rows (%d left-censored), %d firms\n", fit.GetObservations(), fit.GetLeftCensored(), fit.GetEntities())
	for _, c := range fit.GetCoefficients() {
		fmt.Printf("%-12s %10.6f %9.6f\n", c.GetName(), c.GetEstimate(), c.GetStdError())
	}
	re := fit.GetRandomEffects()
	fmt.Printf("sigma_u = %.4f, sigma_e = %.4f, rho = %.4f; LR test of sigma_u = 0: %.2f (p = %.3g)\n", re.GetSigmaU(),
		re.GetSigmaE(), re.GetRho(), re.GetSigmaUTest().GetStatistic(), re.GetSigmaUTest().GetPValue())
	for _, m := range fit.GetMarginalEffects() {
		if m.GetAt() == modelingv1.MarginalEffectAt_MARGINAL_EFFECT_AT_AVERAGE && m.GetKind() == modelingv1.MarginalEffectKind_MARGINAL_EFFECT_KIND_UNCONDITIONAL {
			fmt.Printf("average effect of %s on E[y|x] at u_i = 0: %.4f (SE %.4f)\n", m.GetRegressor(), m.GetEstimate(), m.GetStdError())
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
