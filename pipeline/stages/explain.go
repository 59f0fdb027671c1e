package stages

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// CheckError is a run stopped by a blocking check: the check with its offending rows and the
// input facts (file, line, batch) behind the first of them. It wraps ErrBlockingCheck.
type CheckError struct {
	Check  CheckResult
	Inputs []warehouse.Fact
}

// maxInputs caps the input facts a message names.
const maxInputs = 12

// Error names the check in words, its offending rows with their values and the input facts
// behind them, in English (the web says the same in Indonesian from Check and Inputs).
func (e *CheckError) Error() string {
	c := e.Check
	var b strings.Builder
	fmt.Fprintf(&b, "blocking check %s failed", c.Name)
	if c.Title != "" {
		fmt.Fprintf(&b, " (%s)", c.Title)
	}
	rows := "rows"
	if c.FailingRows == 1 {
		rows = "row"
	}
	fmt.Fprintf(&b, ": %d offending %s: %s", c.FailingRows, rows, DescribeRows(c, 3))
	if len(e.Inputs) > 0 {
		b.WriteString("; input facts: ")
		b.WriteString(DescribeFacts(e.Inputs, maxInputs))
	}
	fmt.Fprintf(&b, " [%s]", c.File)
	return b.String()
}

// Unwrap makes errors.Is(err, ErrBlockingCheck) hold.
func (e *CheckError) Unwrap() error { return ErrBlockingCheck }

// DescribeRows writes the first n offending rows of c as "column value, ..." with numbers as
// numbers, rows separated by "; ".
func DescribeRows(c CheckResult, n int) string {
	var parts []string
	for i, row := range c.Rows {
		if i == n {
			break
		}
		parts = append(parts, describeRow(c.Columns, row))
	}
	if more := c.FailingRows - int64(len(parts)); more > 0 && len(parts) > 0 {
		parts = append(parts, fmt.Sprintf("and %d more", more))
	}
	return strings.Join(parts, "; ")
}

func describeRow(cols []string, row []any) string {
	fields := make([]string, 0, len(cols))
	for i, col := range cols {
		fields = append(fields, col+" "+FormatValue(present.EN, row[i]))
	}
	return strings.Join(fields, ", ")
}

// DescribeFacts writes facts as "FILE line N (batch B) WHAT = VALUE", at most n of them.
func DescribeFacts(facts []warehouse.Fact, n int) string {
	var parts []string
	for i, f := range facts {
		if i == n {
			parts = append(parts, fmt.Sprintf("and %d more", len(facts)-n))
			break
		}
		s := fmt.Sprintf("%s line %d (batch %d) %s", f.File, f.Line, f.BatchID, f.What)
		if f.Value != nil {
			s += " = " + present.EN.Value(*f.Value)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// FormatValue writes one value of an offending row in language l: numbers as numbers, a
// missing value as an en dash.
func FormatValue(l present.Lang, v any) string {
	switch x := v.(type) {
	case nil:
		return present.Missing
	case float64:
		return l.Value(x)
	case int64:
		if x >= 1900 && x <= 2100 { // a year reads without a thousands separator
			return fmt.Sprint(x)
		}
		return l.Int(float64(x))
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
}

// plainValue turns a scanned value into a plain Go value: DuckDB's DECIMAL and HUGEINT become
// numbers, integers int64, text string, lists and structs their text, so no driver type
// reaches a message or a sample.
func plainValue(v any) any {
	switch x := v.(type) {
	case duckdb.Decimal:
		return x.Float64()
	case *big.Int:
		f, _ := new(big.Float).SetInt(x).Float64()
		return f
	case float32:
		return float64(x)
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case int:
		return int64(x)
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		return float64(x)
	case []byte:
		return string(x)
	case duckdb.UUID:
		return x.String()
	case []any, map[string]any:
		return fmt.Sprint(x)
	}
	return v
}

// inputsOf looks up the input facts behind the first offending row of c: the counted lines
// whose key matches the row's region_code, year, indicator, sex and opd_code (whichever the
// check returns). A lookup that fails leaves the message without inputs.
func inputsOf(ctx context.Context, q execer, c CheckResult) []warehouse.Fact {
	if len(c.Rows) == 0 {
		return nil
	}
	k, ok := KeyOf(c.Columns, c.Rows[0])
	if !ok {
		return nil
	}
	facts, err := warehouse.Facts(ctx, q, 0, k)
	if err != nil {
		return nil
	}
	return facts
}

// KeyOf reads the key columns of an offending row (region_code, year, indicator, sex,
// opd_code, person_id); ok is false when the row has none of them.
func KeyOf(cols []string, row []any) (warehouse.FactKey, bool) {
	var k warehouse.FactKey
	ok := false
	for i, col := range cols {
		switch v := row[i].(type) {
		case string:
			s := v
			switch col {
			case "region_code":
				k.Region, ok = &s, true
			case "indicator":
				k.Indicator, ok = &s, true
			case "sex":
				k.Sex, ok = &s, true
			case "opd_code":
				k.OPD, ok = &s, true
			case "person_id":
				k.Person, ok = &s, true
			}
		case int64:
			if col == "year" {
				y := v
				k.Year, ok = &y, true
			}
		}
	}
	return k, ok
}
