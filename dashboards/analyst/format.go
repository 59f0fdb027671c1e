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

	"github.com/setara-pug/setara/dashboards/present"
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

// jsonFloat is f, or the string JSON readers take for a NaN or infinite f.
func jsonFloat(f float64) any {
	if s, ok := present.NonFinite(f, "NaN", "Infinity", "-Infinity"); ok {
		return s
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

// WriteJSON writes the result as one JSON document followed by a newline: the bytes
// json.Encoder writes for r.JSON(snapshotID), produced row by row. A read API answer has tens
// of thousands of rows; encoding them through a second [][]any by reflection cost more than
// the query, and the encoder held the whole document in memory once more.
func (r *Result) WriteJSON(w io.Writer, snapshotID string) error {
	columns := r.Columns
	if columns == nil {
		columns = []string{}
	}
	buf := []byte(`{"columns":`)
	buf, err := appendMarshal(buf, columns)
	if err != nil {
		return err
	}
	buf = append(buf, `,"rows":[`...)
	for i, row := range r.Rows {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		for j, v := range row {
			if j > 0 {
				buf = append(buf, ',')
			}
			if buf, err = appendJSONValue(buf, v, r.Types[j]); err != nil {
				return err
			}
		}
		buf = append(buf, ']')
		if len(buf) >= 32<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	buf = append(buf, `],"truncated":`...)
	buf = strconv.AppendBool(buf, r.Truncated)
	buf = append(buf, `,"snapshot":`...)
	if buf, err = appendMarshal(buf, snapshotID); err != nil {
		return err
	}
	buf = append(buf, "}\n"...)
	_, err = w.Write(buf)
	return err
}

// appendJSONValue appends v as encoding/json writes JSONValue(v, typ). The common scalars of
// the read APIs are written directly; everything else goes through encoding/json.
func appendJSONValue(buf []byte, v any, typ string) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(buf, "null"...), nil
	case bool:
		return strconv.AppendBool(buf, x), nil
	case int32:
		return strconv.AppendInt(buf, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(buf, x, 10), nil
	case float64:
		// encoding/json writes 'f' notation in this range and the shortest exact digits,
		// as strconv does; outside it (exponents, NaN, infinities) it takes the slow path.
		if a := math.Abs(x); a == 0 || (a >= 1e-6 && a < 1e21) {
			return strconv.AppendFloat(buf, x, 'f', -1, 64), nil
		}
	case string:
		if plainJSONString(x) {
			buf = append(buf, '"')
			buf = append(buf, x...)
			return append(buf, '"'), nil
		}
	}
	return appendMarshal(buf, JSONValue(v, typ))
}

// plainJSONString reports whether encoding/json writes s as it is between quotes: printable
// ASCII without the characters it escapes (quote, backslash and the HTML-sensitive <, >, &).
func plainJSONString(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// appendMarshal appends json.Marshal(v), which escapes HTML like json.Encoder does.
func appendMarshal(buf []byte, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return buf, err
	}
	return append(buf, b...), nil
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
