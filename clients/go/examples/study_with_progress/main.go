// A whole study with progress: the demo study streamed from the reporting service; each
// finished step is printed, the documents are written to OUT_DIR.
//
//	study_with_progress [SPEC.json DATA.csv OUT_DIR [REPLICATIONS]]
//
// Target: $GOVMETRICS_REPORTING_TARGET (default 127.0.0.1:50053).
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/govmetrics/govmetrics/clients/go/govmetrics"
	reportingv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/reporting/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

func main() {
	args := append(os.Args[1:], "", "", "", "")
	specPath, csvPath, outDir := or(args[0], "data/demo/study_spec_en.json"), or(args[1], "data/demo/study_panel.csv"), or(args[2], "out")
	replications, err := strconv.Atoi(or(args[3], "1000"))
	if err != nil {
		fail(err)
	}
	raw, err := os.ReadFile(specPath)
	if err != nil {
		fail(err)
	}
	spec := &reportingv1.StudySpec{}
	if err := protojson.Unmarshal(raw, spec); err != nil {
		fail(err)
	}
	spec.Bootstrap.Replications, spec.Permutations = int32(replications), int32(replications)
	panel, err := govmetrics.ReadPanelCSVFile(csvPath, "entity", "year")
	if err != nil {
		fail(err)
	}
	conn, err := govmetrics.Dial(govmetrics.TargetFromEnv("GOVMETRICS_REPORTING_TARGET", "127.0.0.1:50053"), govmetrics.WithTimeout(10*time.Minute))
	if err != nil {
		fail(err)
	}
	defer conn.Close()
	result, err := govmetrics.RunStudyWithProgress(context.Background(), reportingv1.NewReportingServiceClient(conn),
		&reportingv1.StreamStudyRequest{Panel: panel, Spec: spec}, func(p *reportingv1.Progress) {
			fmt.Printf("[%d/%d] %s: %s\n", p.GetCompleted(), p.GetTotal(), p.GetStep(), p.GetMessage())
		})
	if err != nil {
		fail(err)
	}
	for _, d := range result.GetDocuments() {
		path := filepath.Join(outDir, d.GetFileName())
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fail(err)
		}
		if err := os.WriteFile(path, []byte(d.GetContent()), 0o644); err != nil {
			fail(err)
		}
	}
	fmt.Printf("wrote %d documents to %s\n", len(result.GetDocuments()), outDir)
}

func or(value, fallback string) string {
	if value != "" {
		return value
	}
	return fallback
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
