package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Row is one figure of the report, beside its baseline measured in the same run.
type Row struct {
	Persons  int      `json:"persons"`
	ID       string   `json:"id"`     // stable key, e.g. "ingest_csv" (see RowIDs)
	Figure   string   `json:"figure"` // what was measured
	Value    float64  `json:"value"`
	Unit     string   `json:"unit"`
	Baseline string   `json:"baseline,omitempty"` // what the value is compared with
	BaseVal  *float64 `json:"baseline_value,omitempty"`
	Ratio    *float64 `json:"ratio,omitempty"` // see RatioOf
	RatioOf  string   `json:"ratio_of,omitempty"`
	Goal     string   `json:"goal,omitempty"`
	Met      string   `json:"met,omitempty"` // "yes", "no" or "" (no goal)
	Note     string   `json:"note,omitempty"`
}

// Dataset describes the generated data of one persons count.
type Dataset struct {
	Persons        int     `json:"persons"`
	Years          []int   `json:"years"`
	Regions        int     `json:"regions"`
	OPDs           int     `json:"opds"`
	MicrodataRows  int64   `json:"microdata_rows"`
	CSVBytes       int64   `json:"microdata_csv_bytes"`
	ParquetBytes   int64   `json:"microdata_parquet_bytes"`
	IndicatorBytes int64   `json:"indicators_csv_bytes"`
	GenerateSecs   float64 `json:"generate_seconds"` // 0 when reused from an earlier run
}

// Report is everything one bench run measured.
type Report struct {
	Machine     Machine    `json:"machine"`
	Command     string     `json:"command"`
	MemoryLimit string     `json:"memory_limit"`
	Repeat      int        `json:"repeat"`
	Connections int        `json:"wrk_connections"`
	WrkSeconds  float64    `json:"wrk_seconds"`
	Datasets    []Dataset  `json:"datasets"`
	Rows        []Row      `json:"rows"`
	Stages      []StageRow `json:"stages,omitempty"` // where a run spends its time
}

// StageRow compares one stage inside stages.Run with the same SQL run bare.
type StageRow struct {
	Persons int     `json:"persons"`
	Stage   string  `json:"stage"`
	Run     float64 `json:"run_seconds"`
	Bare    float64 `json:"bare_seconds"`
}

// Machine is where the run happened.
type Machine struct {
	Date       string `json:"date"`
	CPUs       int    `json:"cpus"`
	CPUModel   string `json:"cpu_model,omitempty"`
	MemTotal   string `json:"mem_total,omitempty"`
	LoadBefore string `json:"load_before,omitempty"` // /proc/loadavg when the run started
	LoadAfter  string `json:"load_after,omitempty"`
	GoVersion  string `json:"go_version"`
}

// RowIDs are the rows every persons count gets, in report order.
var RowIDs = []string{
	"ingest_csv", "ingest_parquet", "run", "publish",
	"metrics_series_latest", "metrics_series_history", "metrics_size_latest", "metrics_size_history", "metrics_render_latest", "metrics_render_history",
	"metrics_serve_latest", "metrics_serve_history",
	"api_indices", "api_indices_refresh", "api_indices_refresh_all_cores", "page_ringkasan", "page_ringkasan_refresh",
	"rss_ingest_csv", "rss_ingest_parquet", "rss_run", "rss_serve",
	"ingest_table",
	"flight_stream", "rss_flight", "flight_network",
	"run_evaluation", "retract_run", "diff_snapshots", "rss_diff",
}

// goal is a target for a row: the ratio (or the value) compared with limit.
type goal struct {
	onRatio bool
	atLeast bool
	limit   float64
}

func (g goal) String() string {
	what := "value"
	if g.onRatio {
		what = "ratio"
	}
	op := "<="
	if g.atLeast {
		op = ">="
	}
	return what + " " + op + " " + strconv.FormatFloat(g.limit, 'g', -1, 64)
}

// row is one measured figure, before a baseline or a goal is attached.
func row(persons int, id, figure string, value float64, unit string) Row {
	return Row{Persons: persons, ID: id, Figure: figure, Value: value, Unit: unit}
}

// vs sets the baseline measured in the same run and the ratio: value/base, or base/value when
// inverse (a cost compared as "how many times the baseline"). base < 0 means the baseline was
// not measured.
func (r Row) vs(baseline string, base float64, inverse bool) Row {
	if base < 0 {
		return r
	}
	b := base
	r.Baseline, r.BaseVal = baseline, &b
	var ratio float64
	switch {
	case inverse && r.Value > 0:
		ratio = base / r.Value
		r.RatioOf = "baseline / value"
	case !inverse && base > 0:
		ratio = r.Value / base
		r.RatioOf = "value / baseline"
	}
	if r.RatioOf != "" {
		r.Ratio = &ratio
	}
	return r
}

// judged sets Goal and Met against g, on the value or (g.onRatio) on the ratio set by vs.
func (r Row) judged(g *goal) Row {
	if g == nil {
		return r
	}
	r.Goal = g.String()
	x := r.Value
	if g.onRatio {
		if r.Ratio == nil {
			r.Met = "no"
			return r
		}
		x = *r.Ratio
	}
	ok := x <= g.limit
	if g.atLeast {
		ok = x >= g.limit
	}
	r.Met = map[bool]string{true: "yes", false: "no"}[ok]
	return r
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteMarkdown writes the machine, the data sets, the table of figures and, with more than
// one persons count, how each cost grows between them.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "Date: %s. Machine: %d CPUs (%s), %s memory, %s.\n", m.Date, m.CPUs, orDash(m.CPUModel), orDash(m.MemTotal), m.GoVersion)
	fmt.Fprintf(&b, "Load average (1, 5, 15 min) before: %s; after: %s.\n", orDash(m.LoadBefore), orDash(m.LoadAfter))
	fmt.Fprintf(&b, "Command: `%s`. DuckDB memory_limit in every step: %s. Paired steps run %d time(s), alternating, fastest kept. wrk: %d connections, %.0f s per measurement.\n\n",
		r.Command, r.MemoryLimit, max(r.Repeat, 1), r.Connections, r.WrkSeconds)

	b.WriteString("| persons | years | regions | OPDs | microdata rows | CSV | Parquet | indicators CSV | generated in |\n")
	b.WriteString("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, d := range r.Datasets {
		gen := "reused"
		if d.GenerateSecs > 0 {
			gen = formatValue(d.GenerateSecs, "s")
		}
		fmt.Fprintf(&b, "| %s | %d-%d | %d | %d | %s | %s | %s | %s | %s |\n", groupDigits(int64(d.Persons)),
			d.Years[0], d.Years[len(d.Years)-1], d.Regions, d.OPDs, groupDigits(d.MicrodataRows),
			formatValue(float64(d.CSVBytes), "B"), formatValue(float64(d.ParquetBytes), "B"),
			formatValue(float64(d.IndicatorBytes), "B"), gen)
	}

	b.WriteString("\n| persons | figure | value | baseline | ratio | goal | met |\n")
	b.WriteString("| ---: | --- | ---: | --- | ---: | --- | --- |\n")
	for _, row := range r.Rows {
		base := "-"
		if row.BaseVal != nil {
			base = row.Baseline + ": " + formatValue(*row.BaseVal, row.Unit)
		}
		ratio := "-"
		if row.Ratio != nil {
			ratio = strconv.FormatFloat(*row.Ratio, 'f', 3, 64)
		}
		fig := row.Figure
		if row.Note != "" {
			fig += " (" + row.Note + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", groupDigits(int64(row.Persons)), escapeCell(fig),
			formatValue(row.Value, row.Unit), escapeCell(base), ratio, orDash(row.Goal), orDash(row.Met))
	}
	if len(r.Stages) > 0 {
		b.WriteString("\nStages (seconds inside the full run, and bare; the run also counts each stage's rows and runs the checks):\n\n")
		b.WriteString("| persons | stage | run | bare |\n| ---: | --- | ---: | ---: |\n")
		for _, s := range r.Stages {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", groupDigits(int64(s.Persons)), s.Stage, formatValue(s.Run, "s"), formatValue(s.Bare, "s"))
		}
	}
	if g := r.growth(); g != "" {
		b.WriteString("\n")
		b.WriteString(g)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// growth tabulates value(largest persons) / value(smallest persons) for every row id present
// at both sizes, beside the growth in persons: a cost growing faster than the data shows it.
func (r *Report) growth() string {
	persons := map[int]bool{}
	for _, row := range r.Rows {
		persons[row.Persons] = true
	}
	if len(persons) < 2 {
		return ""
	}
	var ps []int
	for p := range persons {
		ps = append(ps, p)
	}
	sort.Ints(ps)
	lo, hi := ps[0], ps[len(ps)-1]
	byKey := map[string]Row{}
	for _, row := range r.Rows {
		byKey[fmt.Sprint(row.Persons, "/", row.ID)] = row
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Growth from %s to %s persons (x%.1f data):\n\n| figure | at %s | at %s | value growth |\n| --- | ---: | ---: | ---: |\n",
		groupDigits(int64(lo)), groupDigits(int64(hi)), float64(hi)/float64(lo), groupDigits(int64(lo)), groupDigits(int64(hi)))
	for _, id := range RowIDs {
		a, okA := byKey[fmt.Sprint(lo, "/", id)]
		z, okZ := byKey[fmt.Sprint(hi, "/", id)]
		if !okA || !okZ || a.Value == 0 {
			continue
		}
		fmt.Fprintf(&b, "| %s | %s | %s | x%.2f |\n", escapeCell(a.Figure), formatValue(a.Value, a.Unit), formatValue(z.Value, z.Unit), z.Value/a.Value)
	}
	return b.String()
}

// formatValue prints a value in its unit with a sensible precision.
func formatValue(v float64, unit string) string {
	switch unit {
	case "B":
		switch {
		case v >= 1<<30:
			return fmt.Sprintf("%.2f GiB", v/(1<<30))
		case v >= 1<<20:
			return fmt.Sprintf("%.1f MiB", v/(1<<20))
		case v >= 1<<10:
			return fmt.Sprintf("%.1f KiB", v/(1<<10))
		}
		return fmt.Sprintf("%.0f B", v)
	case "s":
		if v < 1 {
			return fmt.Sprintf("%.1f ms", v*1000)
		}
		return fmt.Sprintf("%.2f s", v)
	case "ms":
		return fmt.Sprintf("%.1f ms", v)
	case "MiB":
		return fmt.Sprintf("%.0f MiB", v)
	case "series", "rows":
		return groupDigits(int64(math.Round(v))) + " " + unit
	}
	if v >= 100 {
		return groupDigits(int64(math.Round(v))) + " " + unit
	}
	return strconv.FormatFloat(v, 'f', 2, 64) + " " + unit
}

// groupDigits writes 1234567 as 1,234,567.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
