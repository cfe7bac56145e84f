// Moderation: does the effect of public capital (lpcap) on output (lgsp) depend on
// unemployment (unemp)? State and year fixed effects, standard errors clustered by state
// (plm's small-sample convention), the interaction lpcap x unemp with simple slopes at
// mean - 1 SD, mean, mean + 1 SD of unemp and the Johnson-Neyman interval (Produc data;
// docs/methods/moderation.md).
//
//	moderation [tests/reference/data/produc_logs.csv]
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
		Model: &modelingv1.ModelSpec{
			Estimator: modelingv1.Estimator_ESTIMATOR_WITHIN, FixedEffects: modelingv1.FixedEffects_FIXED_EFFECTS_TWO_WAY,
			Variance: &modelingv1.VarianceSpec{Type: modelingv1.VarianceType_VARIANCE_TYPE_CLUSTER, ClusterBy: []string{"entity"},
				SmallSample: modelingv1.SmallSample_SMALL_SAMPLE_PLM},
		},
		Moderation: &modelingv1.ModerationSpec{Interactions: []*modelingv1.InteractionTerm{{Focal: "lpcap", Moderator: "unemp"}}},
	})
	if err != nil {
		fail(err)
	}
	for _, c := range fit.GetCoefficients() {
		fmt.Printf("%-12s %10.6f %9.6f\n", c.GetName(), c.GetEstimate(), c.GetStdError())
	}
	result := fit.GetModeration()[0]
	for _, s := range result.GetSimpleSlopes() {
		fmt.Printf("slope of %s at %s = %s (%.3f): %.4f (SE %.4f, p = %.3g)\n", result.GetFocal(), result.GetModerator(),
			s.GetAtLabel(), s.GetAt(), s.GetSlope(), s.GetStdError(), s.GetPValue())
	}
	jn := result.GetJohnsonNeyman()
	fmt.Printf("Johnson-Neyman: significant %s [%.3f, %.3f], sample range [%.2f, %.2f]\n", jn.GetRegion(), jn.GetLower(),
		jn.GetUpper(), jn.GetObservedMin(), jn.GetObservedMax())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
