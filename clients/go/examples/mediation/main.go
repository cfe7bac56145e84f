// Mediation: does public capital (lpcap) raise output (lgsp) through private capital (lpc)?
// Two-way fixed effects, entity-block bootstrap of the indirect effect (Produc data).
//
//	mediation [tests/reference/data/produc_logs.csv]
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
	csvPath := "tests/reference/data/produc_logs.csv"
	if len(os.Args) > 1 {
		csvPath = os.Args[1]
	}
	panel, err := govmetrics.ReadPanelCSVFile(csvPath, "state", "year")
	if err != nil {
		fail(err)
	}
	conn, err := govmetrics.Dial(govmetrics.TargetFromEnv("GOVMETRICS_MODELING_TARGET", "127.0.0.1:50052"), govmetrics.WithTimeout(2*time.Minute))
	if err != nil {
		fail(err)
	}
	defer conn.Close()
	result, err := modelingv1.NewModelingServiceClient(conn).AnalyzeMediation(context.Background(), &modelingv1.AnalyzeMediationRequest{
		Panel: panel, Treatment: "lpcap", Mediators: []string{"lpc"}, Outcome: "lgsp", Controls: []string{"unemp"},
		Model:     &modelingv1.ModelSpec{FixedEffects: modelingv1.FixedEffects_FIXED_EFFECTS_TWO_WAY, Estimator: modelingv1.Estimator_ESTIMATOR_WITHIN},
		Bootstrap: &modelingv1.Bootstrap{Replications: 499, Seed: 20240601},
	})
	if err != nil {
		fail(err)
	}
	for _, m := range result.GetMediators() {
		fmt.Printf("mediator %s: a = %.4f, b = %.4f, indirect = %.4f, 95%% CI [%.4f, %.4f], Sobel p = %.2e\n",
			m.GetMediator(), m.GetA().GetEstimate(), m.GetB().GetEstimate(), m.GetIndirect(),
			m.GetBootstrapCiLower(), m.GetBootstrapCiUpper(), m.GetSobel().GetPValue())
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
