package govmetrics

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	commonv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/common/v1"
)

// ReadPanelCSV reads a long-format CSV (header row; one row per entity-period) into a
// Panel. Columns whose every non-empty cell parses as a number become numeric columns
// (empty or "NA" = NaN), unless listed in labels; the rest become labels.
func ReadPanelCSV(r io.Reader, entity, period string, labels ...string) (*commonv1.Panel, error) {
	records, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("empty CSV")
	}
	header, body := records[0], records[1:]
	forced := map[string]bool{}
	for _, l := range labels {
		forced[l] = true
	}
	entityAt, periodAt := -1, -1
	var numericNames, labelNames []string
	var numericAt, labelAt []int
	for j, name := range header {
		switch {
		case name == entity:
			entityAt = j
		case name == period:
			periodAt = j
		case !forced[name] && numericColumn(body, j):
			numericNames, numericAt = append(numericNames, name), append(numericAt, j)
		default:
			labelNames, labelAt = append(labelNames, name), append(labelAt, j)
		}
	}
	if entityAt < 0 || periodAt < 0 {
		return nil, fmt.Errorf("CSV has no column %q or %q", entity, period)
	}
	rows := make([]Row, len(body))
	for i, rec := range body {
		p, err := strconv.Atoi(rec[periodAt])
		if err != nil {
			return nil, fmt.Errorf("row %d: period %q is not an integer", i+1, rec[periodAt])
		}
		rows[i] = Row{Entity: rec[entityAt], Period: int32(p),
			Values: map[string]float64{}, Labels: map[string]string{}}
		for k, j := range numericAt {
			rows[i].Values[numericNames[k]] = parseCell(rec[j])
		}
		for k, j := range labelAt {
			rows[i].Labels[labelNames[k]] = rec[j]
		}
	}
	return PanelFromRows(rows, numericNames, labelNames), nil
}

func numericColumn(body [][]string, j int) bool {
	for _, rec := range body {
		if c := rec[j]; c != "" && c != "NA" {
			if _, err := strconv.ParseFloat(c, 64); err != nil {
				return false
			}
		}
	}
	return true
}

func parseCell(c string) float64 {
	if c == "" || c == "NA" {
		return math.NaN()
	}
	v, _ := strconv.ParseFloat(c, 64)
	return v
}
