package analyst

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/duckdb/duckdb-go/v2"
)

// JSONValue converts a driver value of a column of DuckDB type typ into a value encoding/json
// can write faithfully: exact decimals and huge integers as JSON numbers, NaN and infinities
// as strings, dates as YYYY-MM-DD, MAPs as [{"key":..,"value":..}].
func JSONValue(v any, typ string) any {
	switch x := v.(type) {
	case nil, bool, string, int8, int16, int32, int64, int, uint8, uint16, uint32, uint64, uint:
		return x
	case float32:
		return jsonFloat(float64(x))
	case float64:
		return jsonFloat(x)
	case *big.Int:
		return json.Number(x.String())
	case duckdb.Decimal:
		return json.Number(x.String())
	case time.Time:
		return formatTime(x, typ)
	case []byte:
		if utf8.Valid(x) {
			return string(x)
		}
		return x
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = JSONValue(e, "")
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = JSONValue(e, "")
		}
		return out
	case duckdb.OrderedMap:
		keys, values := x.Keys(), x.Values()
		out := make([]mapEntry, len(keys))
		for i := range keys {
			out[i] = mapEntry{JSONValue(keys[i], ""), JSONValue(values[i], "")}
		}
		return out
	case fmt.Stringer:
		return x.String()
	default:
		return fmt.Sprint(x)
	}
}

type mapEntry struct {
	Key   any `json:"key"`
	Value any `json:"value"`
}

func jsonFloat(f float64) any {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return f
}

// TextValue formats a driver value as text for CSV and tables; NULL is the empty string.
// Numbers are written in full (no exponent for rupiah budgets).
func TextValue(v any, typ string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float32:
		return formatFloat(float64(x), 32)
	case float64:
		return formatFloat(x, 64)
	case time.Time:
		return formatTime(x, typ)
	case []byte:
		if utf8.Valid(x) {
			return string(x)
		}
		return fmt.Sprintf("\\x%x", x)
	case []any, map[string]any, duckdb.OrderedMap:
		b, err := json.Marshal(JSONValue(x, typ))
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	case fmt.Stringer:
		return x.String()
	default:
		return fmt.Sprint(x)
	}
}

func formatFloat(f float64, bits int) string {
	a := math.Abs(f)
	if a != 0 && (a < 1e-6 || a >= 1e21) {
		return strconv.FormatFloat(f, 'g', -1, bits)
	}
	return strconv.FormatFloat(f, 'f', -1, bits)
}

func formatTime(t time.Time, typ string) string {
	switch {
	case typ == "DATE":
		return t.Format(time.DateOnly)
	case strings.HasPrefix(typ, "TIME") && !strings.HasPrefix(typ, "TIMESTAMP"):
		return t.Format("15:04:05.999999")
	}
	return t.Format(time.RFC3339Nano)
}

// WriteCSV writes the result as CSV with a header line.
func (r *Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(r.Columns); err != nil {
		return err
	}
	rec := make([]string, len(r.Columns))
	for _, row := range r.Rows {
		for i, v := range row {
			rec[i] = TextValue(v, r.Types[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// JSONDocument is the JSON answer of a query.
type JSONDocument struct {
	Columns   []string `json:"columns"`
	Rows      [][]any  `json:"rows"`
	Truncated bool     `json:"truncated"`
	Snapshot  string   `json:"snapshot"`
}

// JSON returns the result as a JSONDocument of the snapshot snapshotID.
func (r *Result) JSON(snapshotID string) JSONDocument {
	doc := JSONDocument{Columns: r.Columns, Rows: make([][]any, len(r.Rows)), Truncated: r.Truncated, Snapshot: snapshotID}
	if doc.Columns == nil {
		doc.Columns = []string{}
	}
	for i, row := range r.Rows {
		out := make([]any, len(row))
		for j, v := range row {
			out[j] = JSONValue(v, r.Types[j])
		}
		doc.Rows[i] = out
	}
	return doc
}

// WriteJSON writes the result as one JSON document followed by a newline.
func (r *Result) WriteJSON(w io.Writer, snapshotID string) error {
	return json.NewEncoder(w).Encode(r.JSON(snapshotID))
}

// WriteTable writes the result as aligned columns for a terminal, with a row count line.
func (r *Result) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	line := func(cells []string) {
		for i, c := range cells {
			c = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(c)
			if i > 0 {
				io.WriteString(tw, "\t")
			}
			io.WriteString(tw, c)
		}
		io.WriteString(tw, "\n")
	}
	line(r.Columns)
	rule := make([]string, len(r.Columns))
	for i, c := range r.Columns {
		rule[i] = strings.Repeat("-", max(utf8.RuneCountInString(c), 1))
	}
	line(rule)
	cells := make([]string, len(r.Columns))
	for _, row := range r.Rows {
		for i, v := range row {
			cells[i] = TextValue(v, r.Types[i])
			if v == nil {
				cells[i] = "NULL"
			}
		}
		line(cells)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	note := fmt.Sprintf("(%d rows)\n", len(r.Rows))
	if len(r.Rows) == 1 {
		note = "(1 row)\n"
	}
	if r.Truncated {
		note = fmt.Sprintf("(%d rows; truncated at the row limit)\n", len(r.Rows))
	}
	_, err := io.WriteString(w, note)
	return err
}
