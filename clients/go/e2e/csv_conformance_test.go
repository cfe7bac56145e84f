package e2e

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/govmetrics/govmetrics/clients/go/govmetrics"
	commonv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/common/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

// The shared CSV fixture (tests/clients/csv_conformance/cases.json), read by ReadPanelCSV
// exactly as by the CLI and the other clients.
func TestCSVConformance(t *testing.T) {
	var fixture struct {
		Cases []struct {
			File, Entity, Period, Error string
			Panel                       json.RawMessage
		}
	}
	readJSON(t, repoPath("tests", "clients", "csv_conformance", "cases.json"), &fixture)
	if len(fixture.Cases) < 5 {
		t.Fatalf("%d cases", len(fixture.Cases))
	}
	for _, c := range fixture.Cases {
		f, err := os.Open(repoPath("tests", "clients", "csv_conformance", c.File))
		if err != nil {
			t.Fatal(err)
		}
		got, err := govmetrics.ReadPanelCSV(f, c.Entity, c.Period)
		f.Close()
		if c.Error != "" {
			if err == nil || !strings.Contains(err.Error(), c.Error) {
				t.Errorf("%s (%s): error %v, want one containing %q", c.File, c.Entity, err, c.Error)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.File, err)
		}
		want := &commonv1.Panel{}
		if err := protojson.Unmarshal(c.Panel, want); err != nil {
			t.Fatal(err)
		}
		samePanel(t, c.File, want, got)
	}
}

func samePanel(t *testing.T, file string, want, got *commonv1.Panel) {
	t.Helper()
	if strings.Join(got.Entity, "|") != strings.Join(want.Entity, "|") {
		t.Errorf("%s: entity %q, want %q", file, got.Entity, want.Entity)
	}
	if len(got.Period) != len(want.Period) || len(got.Columns) != len(want.Columns) || len(got.Labels) != len(want.Labels) {
		t.Fatalf("%s: shape differs: got %v", file, got)
	}
	for i := range want.Period {
		if got.Period[i] != want.Period[i] {
			t.Errorf("%s: period[%d] = %d, want %d", file, i, got.Period[i], want.Period[i])
		}
	}
	for c, w := range want.Columns {
		g := got.Columns[c]
		for i := range w.Values {
			// NaN equals NaN here: it is the missing-value marker.
			if g.Name != w.Name || !(g.Values[i] == w.Values[i] || math.IsNaN(g.Values[i]) && math.IsNaN(w.Values[i])) {
				t.Errorf("%s: column %s[%d] = %v, want %s[%d] = %v", file, g.Name, i, g.Values[i], w.Name, i, w.Values[i])
			}
		}
	}
	for l, w := range want.Labels {
		if g := got.Labels[l]; g.Name != w.Name || strings.Join(g.Values, "\x00") != strings.Join(w.Values, "\x00") {
			t.Errorf("%s: label %s = %q, want %s = %q", file, g.Name, g.Values, w.Name, w.Values)
		}
	}
}
