// Example: entropy-weight index of a CSV panel with the Go client.
//
//	compute_index -data data/demo/study_panel.csv -target 127.0.0.1:50051 [-token TOKEN]
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/govmetrics/govmetrics/clients/go/govmetrics"
	indexv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/index/v1"
)

func main() {
	data := flag.String("data", "data/demo/study_panel.csv", "long-format CSV panel")
	target := flag.String("target", "127.0.0.1:50051", "IndexService address")
	token := flag.String("token", "", "bearer token (optional)")
	flag.Parse()

	f, err := os.Open(*data)
	if err != nil {
		log.Fatal(err)
	}
	panel, err := govmetrics.ReadPanelCSV(f, "entity", "year", "region3", "region4")
	f.Close()
	if err != nil {
		log.Fatal(err)
	}
	request := &indexv1.ComputeIndexRequest{
		Panel:     panel,
		Method:    indexv1.WeightingMethod_WEIGHTING_METHOD_ENTROPY,
		Hierarchy: indexv1.Hierarchy_HIERARCHY_SUMMED_DIVERGENCE,
	}
	for _, ind := range [][2]string{{"broadband_ports", "technology"}, {"mobile_penetration", "technology"},
		{"internet_penetration", "environment"}, {"ecommerce_volume", "environment"}} {
		request.Indicators = append(request.Indicators, &indexv1.Indicator{
			Column: ind[0], Dimension: ind[1], Direction: indexv1.Direction_DIRECTION_POSITIVE})
	}

	conn, err := govmetrics.Dial(*target, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if *token != "" {
		ctx = govmetrics.WithToken(ctx, *token)
	}
	response, err := govmetrics.NewIndexClient(conn).ComputeIndex(ctx, request)
	if err != nil {
		log.Fatal(govmetrics.DescribeError(err))
	}
	for _, w := range response.GetWeights() {
		fmt.Printf("%-24s %-12s e=%.4f w=%.4f\n", w.GetColumn(), w.GetDimension(), w.GetEntropy(), w.GetWeight())
	}
	sums, counts := map[int32]float64{}, map[int32]int{}
	var years []int32
	for i, year := range panel.GetPeriod() {
		if counts[year] == 0 {
			years = append(years, year)
		}
		sums[year] += response.GetScores()[i]
		counts[year]++
	}
	for _, year := range years {
		fmt.Printf("%d mean index %.4f\n", year, sums[year]/float64(counts[year]))
	}
}
