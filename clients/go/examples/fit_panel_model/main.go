// Panel fit: lgsp ~ lpcap + lpc + lemp + unemp, state fixed effects, standard errors
// clustered by state (Munnell's Produc data; the textbook lpc estimate is 0.2920).
//
//	fit_panel_model [tests/reference/data/produc_logs.csv]
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
	conn, err := govmetrics.Dial(govmetrics.TargetFromEnv("GOVMETRICS_MODELING_TARGET", "127.0.0.1:50052"), govmetrics.WithTimeout(time.Minute))
	if err != nil {
		fail(err)
	}
	defer conn.Close()
	fit, err := modelingv1.NewModelingServiceClient(conn).FitPanelModel(context.Background(), &modelingv1.FitPanelModelRequest{
		Panel: panel, Dependent: "lgsp", Regressors: []string{"lpcap", "lpc", "lemp", "unemp"},
		FixedEffects: modelingv1.FixedEffects_FIXED_EFFECTS_ENTITY, Estimator: modelingv1.Estimator_ESTIMATOR_WITHIN,
		Variance: &modelingv1.VarianceSpec{Type: modelingv1.VarianceType_VARIANCE_TYPE_CLUSTER, ClusterBy: []string{"entity"}},
	})
	if err != nil {
		fail(err)
	}
	fmt.Printf("N = %d, entities = %d, within R2 = %.4f\n", fit.GetNObs(), fit.GetNEntities(), fit.GetRSquaredWithin())
	for _, c := range fit.GetCoefficients() {
		fmt.Printf("%-8s %10.6f %9.6f %9.2e\n", c.GetName(), c.GetEstimate(), c.GetStdError(), c.GetPValue())
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
