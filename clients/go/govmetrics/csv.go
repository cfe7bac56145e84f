package govmetrics

import (
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"

	commonv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/common/v1"
)

// CSV -> Panel with the CLI's rules (clients/cli/csv_table.cc, panel_csv.cc), checked against
// the shared fixture tests/clients/csv_conformance: RFC 4180 quoting (commas, newlines and ""
// inside quotes; a quote opens a quoted section only at the start of a field), CRLF or LF,
// blank lines skipped, UTF-8 BOM skipped, equal field counts. A column is numeric when every
// cell (ASCII whitespace trimmed) is a number or a missing token ("", NA, NaN, nan, "."),
// missing -> NaN; otherwise a label column with the cells verbatim. The period is an int32.

// CSVError is a CSV that cannot become a Panel (the message names the row or column).
type CSVError struct{ Message string }

func (e *CSVError) Error() string { return e.Message }

var (
	missingTokens = map[string]bool{"": true, "NA": true, "NaN": true, "nan": true, ".": true}
	// absl::SimpleAtod's grammar: decimal floats, optional sign, inf/infinity/nan in any case.
	decimal   = regexp.MustCompile(`^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)$`)
	special   = regexp.MustCompile(`^(?i)([+-]?)(inf|infinity|nan)$`)
	periodInt = regexp.MustCompile(`^[+-]?\d+$`)
)

const asciiSpace = " \t\n\v\f\r"

// ParseCSVRecords returns the RFC 4180 records of text (header included).
func ParseCSVRecords(text string) ([][]string, error) {
	text = strings.TrimPrefix(text, "\ufeff")
	var records [][]string
	var record []string
	var field strings.Builder
	inQuotes, started, line := false, false, 1
	endField := func() {
		record = append(record, field.String())
		field.Reset()
		started = false
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case inQuotes && c == '"' && i+1 < len(text) && text[i+1] == '"':
			field.WriteByte('"')
			i++
		case inQuotes && c == '"':
			inQuotes = false
		case inQuotes:
			if c == '\n' {
				line++
			}
			field.WriteByte(c)
		case c == '"' && !started:
			inQuotes, started = true, true
		case c == ',':
			endField()
		case c == '\n' || c == '\r':
			if c == '\r' && i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			endField()
			if !(len(record) == 1 && record[0] == "") {
				records = append(records, record)
			}
			record, line = nil, line+1
		default:
			field.WriteByte(c)
			started = true
		}
	}
	if inQuotes {
		return nil, &CSVError{fmt.Sprintf("unterminated quote at line %d", line)}
	}
	if started || len(record) > 0 {
		endField()
		records = append(records, record)
	}
	return records, nil
}

// ParseCSVNumber returns the cell's value (NaN when missing) and whether it is a number.
func ParseCSVNumber(cell string) (float64, bool) {
	text := strings.Trim(cell, asciiSpace)
	if missingTokens[text] {
		return math.NaN(), true
	}
	if decimal.MatchString(text) {
		v, err := strconv.ParseFloat(text, 64)
		if err != nil && !strings.Contains(err.Error(), "range") {
			return 0, false
		}
		return v, true // out of range: ParseFloat gives ±Inf or 0, as absl does
	}
	if m := special.FindStringSubmatch(text); m != nil {
		if strings.EqualFold(m[2], "nan") {
			return math.NaN(), true
		}
		if m[1] == "-" {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	return 0, false
}

func parsePeriod(cell string, row int) (int32, error) {
	text := strings.Trim(cell, asciiSpace)
	if periodInt.MatchString(text) {
		if v, err := strconv.ParseInt(text, 10, 32); err == nil {
			return int32(v), nil
		}
	}
	return 0, &CSVError{fmt.Sprintf("CSV data row %d: period '%s' is not an integer", row, cell)}
}

func csvTable(text string) ([]string, [][]string, error) {
	records, err := ParseCSVRecords(text)
	if err != nil {
		return nil, nil, err
	}
	if len(records) == 0 {
		return nil, nil, &CSVError{"CSV is empty (no header)"}
	}
	header, rows := records[0], records[1:]
	for r, row := range rows {
		if len(row) != len(header) {
			return nil, nil, &CSVError{fmt.Sprintf("CSV data row %d has %d fields, header has %d", r+1, len(row), len(header))}
		}
	}
	return header, rows, nil
}

func columnIndex(header []string, option, name string) (int, error) {
	for i, h := range header {
		if h == name {
			return i, nil
		}
	}
	return -1, &CSVError{fmt.Sprintf("%s: no column '%s' in CSV", option, name)}
}

// PanelFromCSVText builds a Panel from CSV text with the shared rules.
func PanelFromCSVText(text, entity, period string) (*commonv1.Panel, error) {
	header, rows, err := csvTable(text)
	if err != nil {
		return nil, err
	}
	e, err := columnIndex(header, "entity", entity)
	if err != nil {
		return nil, err
	}
	p, err := columnIndex(header, "period", period)
	if err != nil {
		return nil, err
	}
	panel := &commonv1.Panel{}
	for r, row := range rows {
		year, err := parsePeriod(row[p], r+1)
		if err != nil {
			return nil, err
		}
		panel.Entity, panel.Period = append(panel.Entity, row[e]), append(panel.Period, year)
	}
	for c, name := range header {
		if c != e && c != p {
			addColumn(panel, name, rows, c)
		}
	}
	return panel, nil
}

func addColumn(panel *commonv1.Panel, name string, rows [][]string, c int) {
	values := make([]float64, len(rows))
	for r, row := range rows {
		v, ok := ParseCSVNumber(row[c])
		if !ok {
			label := &commonv1.Label{Name: name}
			for _, row := range rows {
				label.Values = append(label.Values, row[c])
			}
			panel.Labels = append(panel.Labels, label)
			return
		}
		values[r] = v
	}
	panel.Columns = append(panel.Columns, &commonv1.Column{Name: name, Values: values})
}

// ReadPanelCSV reads a long-format CSV (UTF-8) into a Panel with the shared rules; a
// *CSVError names what is wrong.
func ReadPanelCSV(r io.Reader, entity, period string) (*commonv1.Panel, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return PanelFromCSVText(string(data), entity, period)
}

// ReadPanelCSVFile reads the long-format CSV file at path with ReadPanelCSV's rules.
func ReadPanelCSVFile(path, entity, period string) (*commonv1.Panel, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadPanelCSV(f, entity, period)
}
