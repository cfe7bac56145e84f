// Index scores: entropy weights of four indicators in two dimensions over the demo panel.
//
//	compute_index [data/demo/study_panel.csv]
//
// Target: $GOVMETRICS_INDEX_TARGET (default 127.0.0.1:50051).
package main

import (
	"context"
	"fmt"
	"os"
	"sort"

	"github.com/govmetrics/govmetrics/clients/go/govmetrics"
	indexv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/index/v1"
)

func main() {
	csvPath := "data/demo/study_panel.csv"
	if len(os.Args) > 1 {
		csvPath = os.Args[1]
	}
	panel, err := govmetrics.ReadPanelCSVFile(csvPath, "entity", "year")
	if err != nil {
		fail(err)
	}
	request := &indexv1.ComputeIndexRequest{Panel: panel, Method: indexv1.WeightingMethod_WEIGHTING_METHOD_ENTROPY,
		Hierarchy: indexv1.Hierarchy_HIERARCHY_SUMMED_DIVERGENCE}
	for _, ind := range [][2]string{{"broadband_ports", "technology"}, {"mobile_penetration", "technology"},
		{"internet_penetration", "environment"}, {"ecommerce_volume", "environment"}} {
		request.Indicators = append(request.Indicators, &indexv1.Indicator{Column: ind[0], Dimension: ind[1],
			Direction: indexv1.Direction_DIRECTION_POSITIVE})
	}
	conn, err := govmetrics.Dial(govmetrics.TargetFromEnv("GOVMETRICS_INDEX_TARGET", "127.0.0.1:50051"))
	if err != nil {
		fail(err)
	}
	defer conn.Close()
	response, err := indexv1.NewIndexServiceClient(conn).ComputeIndex(context.Background(), request)
	if err != nil {
		fail(err) // *govmetrics.Error: code, message, one line per field violation
	}
	for _, w := range response.GetWeights() {
		fmt.Printf("%-24s %-12s entropy=%.4f weight=%.4f\n", w.GetColumn(), w.GetDimension(), w.GetEntropy(), w.GetWeight())
	}
	sums, counts := map[int32]float64{}, map[int32]int{}
	for i, year := range panel.GetPeriod() {
		sums[year] += response.GetScores()[i]
		counts[year]++
	}
	years := make([]int, 0, len(sums))
	for year := range sums {
		years = append(years, int(year))
	}
	sort.Ints(years)
	for _, year := range years {
		fmt.Printf("%d: mean score %.4f\n", year, sums[int32(year)]/float64(counts[int32(year)]))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
