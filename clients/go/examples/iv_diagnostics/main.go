// Instrumental variables with state fixed effects: lgsp ~ lemp + lpc, lpc instrumented by
// lpcap and unemp (Munnell's Produc data), standard errors clustered by state; prints the
// first stage and the instrument diagnostics (docs/methods/iv.md).
//
//	iv_diagnostics [tests/reference/data/produc_iv.csv]
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
	csvPath := "tests/reference/data/produc_iv.csv"
	if len(os.Args) > 1 {
		csvPath = os.Args[1]
	}
	panel, err := govmetrics.ReadPanelCSVFile(csvPath, "state", "year")
	if err != nil {
		fail(err)
	}
	conn, err := govmetrics.Dial(govmetrics.TargetFromEnv("GOVMETRICS_MODELING_TARGET", "127.0.0.1:50052"), govmetrics.WithTimeout(time.Minute))
	if err != nil {
		fail(err)
	}
	defer conn.Close()
	fit, err := modelingv1.NewModelingServiceClient(conn).FitPanelModel(context.Background(), &modelingv1.FitPanelModelRequest{
		Panel: panel, Dependent: "lgsp", Regressors: []string{"lemp"},
		Endogenous: []string{"lpc"}, Instruments: []string{"lpcap", "unemp"},
		Model: &modelingv1.ModelSpec{
			Estimator: modelingv1.Estimator_ESTIMATOR_IV, FixedEffects: modelingv1.FixedEffects_FIXED_EFFECTS_ENTITY,
			Variance: &modelingv1.VarianceSpec{Type: modelingv1.VarianceType_VARIANCE_TYPE_CLUSTER, ClusterBy: []string{"entity"}},
		},
	})
	if err != nil {
		fail(err)
	}
	for _, c := range fit.GetCoefficients() {
		fmt.Printf("%-8s %10.6f %9.6f\n", c.GetName(), c.GetEstimate(), c.GetStdError())
	}
	for _, s := range fit.GetFirstStages() {
		fmt.Printf("first stage %s: F = %.3f, partial R2 = %.4f\n", s.GetEndogenous(), s.GetFStatistic(), s.GetPartialRSquared())
	}
	d := fit.GetIvDiagnostics()
	fmt.Printf("convention: %s, clusters: %d\n", d.GetConvention(), d.GetNClusters())
	showTest("under-identification", d.GetUnderidentification())
	fmt.Printf("weak identification: Cragg-Donald F = %.3f, Kleibergen-Paap F = %.3f\n", d.GetCraggDonaldF(), d.GetKleibergenPaapF())
	for _, cv := range d.GetStockYogo() {
		fmt.Printf("  Stock-Yogo %s %.0f%%: %.2f\n", cv.GetCriterion(), 100*cv.GetThreshold(), cv.GetCriticalValue())
	}
	showTest("over-identification", d.GetOveridentification())
	showTest("endogeneity", d.GetEndogeneity())
	showTest("weak-IV-robust", d.GetAndersonRubin())
}

func showTest(label string, t *modelingv1.IvTest) {
	if t.GetName() != "" {
		fmt.Printf("%s: %s = %.4f (p = %.3g)\n", label, t.GetName(), t.GetStatistic(), t.GetPValue())
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
