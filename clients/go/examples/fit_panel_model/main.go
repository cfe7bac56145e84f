// Example: fixed-effects panel regression with entity-clustered standard errors.
//
//	fit_panel_model -data tests/reference/data/produc_logs.csv -target 127.0.0.1:50052
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/govmetrics/govmetrics/clients/go/govmetrics"
	modelingv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/modeling/v1"
)

func main() {
	data := flag.String("data", "tests/reference/data/produc_logs.csv", "long-format CSV panel")
	target := flag.String("target", "127.0.0.1:50052", "ModelingService address")
	flag.Parse()

	f, err := os.Open(*data)
	if err != nil {
		log.Fatal(err)
	}
	// `region` holds digits but is a grouping label.
	panel, err := govmetrics.ReadPanelCSV(f, "state", "year", "region")
	f.Close()
	if err != nil {
		log.Fatal(err)
	}
	conn, err := govmetrics.Dial(*target, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	response, err := govmetrics.NewModelingClient(conn).FitPanelModel(ctx, &modelingv1.FitPanelModelRequest{
		Panel:        panel,
		Dependent:    "lgsp",
		Regressors:   []string{"lpcap", "lpc", "lemp", "unemp"},
		FixedEffects: modelingv1.FixedEffects_FIXED_EFFECTS_ENTITY,
		Estimator:    modelingv1.Estimator_ESTIMATOR_WITHIN,
		Variance: &modelingv1.VarianceSpec{Type: modelingv1.VarianceType_VARIANCE_TYPE_CLUSTER,
			ClusterBy: []string{"entity"}, SmallSample: modelingv1.SmallSample_SMALL_SAMPLE_STATA},
	})
	if err != nil {
		log.Fatal(govmetrics.DescribeError(err))
	}
	fmt.Printf("N = %d, entities = %d, within R2 = %.4f\n",
		response.GetNObs(), response.GetNEntities(), response.GetRSquaredWithin())
	fmt.Printf("%-10s %11s %9s %9s %9s\n", "term", "estimate", "std.err", "t", "p")
	for _, c := range response.GetCoefficients() {
		fmt.Printf("%-10s %11.6f %9.6f %9.3f %9.2e\n", c.GetName(), c.GetEstimate(), c.GetStdError(),
			c.GetStatistic(), c.GetPValue())
	}
}
