package e2e

import (
	"errors"
	"io/fs"
	"testing"

	"github.com/govmetrics/govmetrics/clients/go/govmetrics"
)

// ReadPanelCSVFile reads a file as ReadPanelCSV reads its bytes, and reports a missing
// file as the os error (not a CSVError).
func TestReadPanelCSVFile(t *testing.T) {
	panel, err := govmetrics.ReadPanelCSVFile(repoPath("data", "demo", "study_panel.csv"), "entity", "year")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(panel.GetEntity()); got != 217 {
		t.Fatalf("rows %d, want 217", got)
	}
	_, err = govmetrics.ReadPanelCSVFile(repoPath("data", "demo", "no_such.csv"), "entity", "year")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
	_, err = govmetrics.ReadPanelCSVFile(repoPath("data", "demo", "study_panel.csv"), "no_such", "year")
	if _, ok := err.(*govmetrics.CSVError); !ok {
		t.Fatalf("unknown entity column: %v", err)
	}
}

func TestTargetFromEnv(t *testing.T) {
	t.Setenv("GOVMETRICS_TEST_TARGET", "")
	if got := govmetrics.TargetFromEnv("GOVMETRICS_TEST_TARGET", "127.0.0.1:1"); got != "127.0.0.1:1" {
		t.Fatalf("unset: %q", got)
	}
	t.Setenv("GOVMETRICS_TEST_TARGET", "example.gov:443")
	if got := govmetrics.TargetFromEnv("GOVMETRICS_TEST_TARGET", "127.0.0.1:1"); got != "example.gov:443" {
		t.Fatalf("set: %q", got)
	}
}
