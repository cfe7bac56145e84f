// Upload a dataset to the workspace, then run a study on it by reference as a long-running
// operation: CreateDataset (a stream of row chunks), CreateStudy, Operations.WaitOperation.
//
//	workspace_study [DATA.csv SPEC.json [REPLICATIONS]]
//
// Target: $GOVMETRICS_WORKSPACE_TARGET (default 127.0.0.1:50054); token: $GOVMETRICS_TOKEN
// (sent over plaintext only when GOVMETRICS_INSECURE_TOKEN=1, for loopback testing).
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/govmetrics/govmetrics/clients/go/govmetrics"
	reportingv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/reporting/v1"
	workspacev1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/workspace/v1"
	"google.golang.org/genproto/googleapis/longrunning"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/durationpb"
)

func main() {
	args := append(os.Args[1:], "", "", "")
	csvPath, specPath := or(args[0], "data/demo/study_panel.csv"), or(args[1], "data/demo/study_spec_en.json")
	replications, err := strconv.Atoi(or(args[2], "1000"))
	check(err)
	spec := readSpec(specPath, int32(replications))
	panel, err := govmetrics.ReadPanelCSVFile(csvPath, "entity", "year")
	check(err)

	options := []govmetrics.Option{govmetrics.WithTimeout(10 * time.Minute), govmetrics.WithToken(os.Getenv("GOVMETRICS_TOKEN"))}
	if os.Getenv("GOVMETRICS_INSECURE_TOKEN") == "1" {
		options = append(options, govmetrics.WithInsecureToken())
	}
	conn, err := govmetrics.Dial(govmetrics.TargetFromEnv("GOVMETRICS_WORKSPACE_TARGET", "127.0.0.1:50054"), options...)
	check(err)
	defer conn.Close()
	// Operations are served on the workspace's connection.
	workspace, operations := workspacev1.NewWorkspaceServiceClient(conn), longrunning.NewOperationsClient(conn)
	ctx := context.Background()

	dataset, err := govmetrics.UploadPanel(ctx, workspace, panel, "demo panel", 100)
	check(err)
	fmt.Printf("uploaded %s: %d rows, fingerprint %s\n", dataset.GetName(), dataset.GetRowCount(), dataset.GetFingerprint()[:12])
	operation, err := workspace.CreateStudy(ctx, &workspacev1.CreateStudyRequest{Dataset: dataset.GetName(), Spec: spec})
	check(err)
	fmt.Printf("study %s started\n", operation.GetName())
	done, err := operations.WaitOperation(ctx, &longrunning.WaitOperationRequest{
		Name: operation.GetName(), Timeout: durationpb.New(9 * time.Minute)})
	check(err)
	result := &reportingv1.RunStudyResponse{}
	check(govmetrics.OperationResult(done, result))
	same := result.GetProvenance().GetInputFingerprint() == dataset.GetFingerprint()
	fmt.Printf("study done: %d documents; the study read the uploaded dataset: %t\n", len(result.GetDocuments()), same)
	if !same {
		os.Exit(1)
	}
}

func readSpec(path string, replications int32) *reportingv1.StudySpec {
	raw, err := os.ReadFile(path)
	check(err)
	spec := &reportingv1.StudySpec{}
	check(protojson.Unmarshal(raw, spec))
	spec.Bootstrap.Replications, spec.Permutations = replications, replications
	return spec
}

func or(value, fallback string) string {
	if value != "" {
		return value
	}
	return fallback
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
