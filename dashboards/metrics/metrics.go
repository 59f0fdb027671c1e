package metrics

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/pipeline/snapshot"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

// Options shape the exposition.
type Options struct {
	// History exposes indicator and gender-gap series for every year, not only the latest
	// year of each region and indicator.
	History bool
	// Logger receives the cache's rebuild failures; nil discards.
	Logger *slog.Logger
	// Now stamps each rebuild (setara_metrics_build_timestamp_seconds); nil means time.Now.
	Now func() time.Time
}

// family is one metric family: its SQL file returns the label values in order, then the value.
type family struct {
	name, help, typ string
	labels          []string
	file            string
	history         bool // the file takes the History switch as its one parameter
}

// families is the exposition in output order. Names and labels: ARCHITECTURE.md "Metrics".
var families = []family{
	{"setara_gender_index", "Gender index value computed by setara (IPG, IDG on 0-100; IKG, GDI, GII, HDI on 0-1).", "gauge",
		[]string{"index", "region", "region_name", "year"}, "gender_index.sql", false},
	{"setara_gender_index_published", "Published gender index value (BPS or UNDP), loaded as an indicators fact with the index code and sex T.", "gauge",
		[]string{"index", "region", "region_name", "year"}, "gender_index_published.sql", false},
	{"setara_gender_index_published_agrees", "1 where setara's index value equals the published one at its published precision, 0 where it does not.", "gauge",
		[]string{"index", "region", "region_name", "year"}, "gender_index_agrees.sql", false},
	{"setara_indicator_value", "Published sex-disaggregated indicator value, in the unit of the indicator.", "gauge",
		[]string{"indicator", "sex", "region", "region_name", "year"}, "indicator_value.sql", true},
	{"setara_indicator_rse", "Relative standard error (fraction) of a survey estimate of setara_indicator_value, with BPS's publication band (publish RSE <= 0.25, caution <= 0.5, suppress).", "gauge",
		[]string{"indicator", "sex", "region", "region_name", "year", "band"}, "indicator_rse.sql", true},
	{"setara_gender_gap_ratio", "Female value divided by male value of an indicator.", "gauge",
		[]string{"indicator", "region", "region_name", "year"}, "gender_gap_ratio.sql", true},
	{"setara_program_budget_rupiah", "OPD budget in rupiah, split into its gender-responsive part (responsive=\"true\") and the rest.", "gauge",
		[]string{"opd", "opd_name", "year", "responsive"}, "program_budget.sql", false},
	{"setara_program_realization_rupiah", "OPD budget realization in rupiah.", "gauge",
		[]string{"opd", "opd_name", "year"}, "program_realization.sql", false},
	{"setara_program_responsive_share_ratio", "Share of the OPD budget that is gender responsive (0-1).", "gauge",
		[]string{"opd", "opd_name", "year"}, "program_responsive_share.sql", false},
	{"setara_program_beneficiaries", "Beneficiaries of OPD programs by sex (P female, L male).", "gauge",
		[]string{"opd", "opd_name", "year", "sex"}, "program_beneficiaries.sql", false},
	{"setara_target_group_beneficiaries", "Beneficiaries of activities for a PUG target group by sex (P female, L male).", "gauge",
		[]string{"group", "year", "sex"}, "target_group_beneficiaries.sql", false},
	{"setara_target_group_budget_rupiah", "Budget in rupiah of activities for a PUG target group.", "gauge",
		[]string{"group", "year"}, "target_group_budget.sql", false},
	{"setara_evaluation_gbs_complete_ratio", "Share of an OPD's gender-responsive activities with a complete GBS (Gender Budget Statement), 0-1.", "gauge",
		[]string{"opd", "opd_name", "year"}, "evaluation_gbs_complete.sql", false},
	{"setara_evaluation_findings", "Activities of an OPD with a PUG evaluation finding (codes of data/findings.csv).", "gauge",
		[]string{"opd", "opd_name", "year", "finding"}, "evaluation_findings.sql", false},
	{"setara_evaluation_opd_findings", "PUG evaluation findings of an OPD over all codes (0 when it has none).", "gauge",
		[]string{"opd", "opd_name", "year"}, "evaluation_opd_findings.sql", false},
	{"setara_evaluation_prerequisites_met", "Prerequisites of PUG in place (ada) of an OPD or the city (opd=\"KOTA\"), 0-7.", "gauge",
		[]string{"opd", "opd_name", "year"}, "evaluation_prerequisites.sql", false},
	{"setara_ingest_rows_total", "Rows of loaded files by file kind, accepted or rejected.", "counter",
		[]string{"kind", "outcome"}, "ingest_rows.sql", false},
	{"setara_stage_duration_seconds", "Duration of each stage of the run that published the snapshot.", "gauge",
		[]string{"stage"}, "stage_duration.sql", false},
	{"setara_check_failing_rows", "Rows failing each data check in the run that published the snapshot.", "gauge",
		[]string{"check", "severity"}, "check_failing_rows.sql", false},
	{"setara_snapshot_info", "The published snapshot being served (always 1).", "gauge",
		[]string{"run_id", "snapshot"}, "snapshot_info.sql", false},
	{"setara_snapshot_timestamp_seconds", "When the served snapshot was published, in Unix seconds.", "gauge",
		nil, "snapshot_timestamp.sql", false},
}

// Build returns the exposition text of the snapshot db. A family whose query fails (e.g. a
// table missing from an older snapshot) is left out and its error is joined into the returned
// error; the text of the other families is still returned.
func Build(ctx context.Context, db *sql.DB, opts Options) ([]byte, error) {
	return build(ctx, db, sqlFiles, opts)
}

func build(ctx context.Context, db *sql.DB, fsys fs.FS, opts Options) ([]byte, error) {
	var buf bytes.Buffer
	var errs []error
	for _, f := range families {
		if err := writeFamily(ctx, &buf, db, fsys, f, opts); err != nil {
			errs = append(errs, fmt.Errorf("metrics %s: %w", f.name, err))
		}
	}
	return buf.Bytes(), errors.Join(errs...)
}

func writeFamily(ctx context.Context, buf *bytes.Buffer, db *sql.DB, fsys fs.FS, f family, opts Options) error {
	var args []any
	if f.history {
		args = append(args, opts.History)
	}
	var body bytes.Buffer
	labels := make([]sql.NullString, len(f.labels))
	dest := make([]any, len(f.labels)+1)
	for i := range labels {
		dest[i] = &labels[i]
	}
	var value sql.NullFloat64
	dest[len(f.labels)] = &value
	seen := make(map[string]bool)
	err := snapshot.Each(ctx, db, fsys, "sql/"+f.file, func(rows *sql.Rows) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if !value.Valid {
			return nil
		}
		start := body.Len()
		body.WriteString(f.name)
		if len(f.labels) > 0 {
			body.WriteByte('{')
			for i, l := range f.labels {
				if i > 0 {
					body.WriteByte(',')
				}
				body.WriteString(l)
				body.WriteString(`="`)
				writeLabelValue(&body, labels[i].String)
				body.WriteByte('"')
			}
			body.WriteByte('}')
		}
		// A repeated label set would make the whole scrape invalid: keep the first.
		series := string(body.Bytes()[start:])
		if seen[series] {
			body.Truncate(start)
			return nil
		}
		seen[series] = true
		body.WriteByte(' ')
		body.WriteString(formatValue(value.Float64))
		body.WriteByte('\n')
		return nil
	}, args...)
	if err != nil {
		return err
	}
	fmt.Fprintf(buf, "# HELP %s %s\n# TYPE %s %s\n", f.name, escapeHelp(f.help), f.name, f.typ)
	buf.Write(body.Bytes())
	return nil
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
var helpEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`)

func writeLabelValue(b *bytes.Buffer, v string) {
	labelEscaper.WriteString(b, strings.ToValidUTF8(v, "\uFFFD"))
}

func escapeHelp(s string) string { return helpEscaper.Replace(s) }

// formatValue writes a float as the Prometheus text format does.
func formatValue(f float64) string {
	if s, ok := present.NonFinite(f, "NaN", "+Inf", "-Inf"); ok {
		return s
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// Cache holds the exposition of the current snapshot. It is safe for concurrent use.
type Cache struct {
	opts   Options
	logger *slog.Logger
	now    func() time.Time
	text   atomic.Pointer[exposition]
}

// exposition is the text of one snapshot and the same text gzip-compressed, made once at
// the rebuild so a scrape costs no more than sending the compressed bytes.
type exposition struct {
	text, gzip []byte
}

func newExposition(text []byte) *exposition {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(text)
	zw.Close()
	return &exposition{text: text, gzip: buf.Bytes()}
}

// NewCache returns an empty cache.
func NewCache(opts Options) *Cache {
	logger, now := opts.Logger, opts.Now
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	c := &Cache{opts: opts, logger: logger, now: now}
	c.text.Store(newExposition(nil))
	return c
}

// Rebuild replaces the cached text with the exposition of the snapshot db (snapshotID names
// it in the log). On errors it keeps what could be built, never the previous snapshot's
// series, and logs the failure.
func (c *Cache) Rebuild(ctx context.Context, db *sql.DB, snapshotID string) {
	start := c.now()
	text, err := Build(ctx, db, c.opts)
	c.text.Store(newExposition(text))
	if err != nil {
		c.logger.Error("metrics rebuilt with errors", "snapshot", snapshotID, "err", err)
		return
	}
	c.logger.Info("metrics rebuilt", "snapshot", snapshotID, "bytes", len(text), "duration", c.now().Sub(start))
}

// Bytes is the cached exposition text. Callers must not modify it.
func (c *Cache) Bytes() []byte { return c.text.Load().text }

// Gzip is the cached exposition gzip-compressed (one gzip member). Callers must not modify it.
func (c *Cache) Gzip() []byte { return c.text.Load().gzip }
