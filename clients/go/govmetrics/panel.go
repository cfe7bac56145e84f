package govmetrics

import (
	"math"

	commonv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/common/v1"
)

// Row is one entity-period of a long-format table: numeric values (math.NaN() = missing)
// and labels ("" = missing).
type Row struct {
	Entity string
	Period int32
	Values map[string]float64
	Labels map[string]string
}

// PanelFromRows builds a Panel from rows; columns and labels list the names to include, in
// order. A name absent from a row's map is missing (NaN or "").
func PanelFromRows(rows []Row, columns, labels []string) *commonv1.Panel {
	panel := &commonv1.Panel{Entity: make([]string, len(rows)), Period: make([]int32, len(rows))}
	for i, r := range rows {
		panel.Entity[i], panel.Period[i] = r.Entity, r.Period
	}
	for _, name := range columns {
		col := &commonv1.Column{Name: name, Values: make([]float64, len(rows))}
		for i, r := range rows {
			v, ok := r.Values[name]
			if !ok {
				v = math.NaN()
			}
			col.Values[i] = v
		}
		panel.Columns = append(panel.Columns, col)
	}
	for _, name := range labels {
		lab := &commonv1.Label{Name: name, Values: make([]string, len(rows))}
		for i, r := range rows {
			lab.Values[i] = r.Labels[name]
		}
		panel.Labels = append(panel.Labels, lab)
	}
	return panel
}
