package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/setara-pug/setara/pipeline/demo"
)

// Options say what to measure and how to start the child steps.
type Options struct {
	Persons     []int  // one data set and one set of rows per count
	Out         string // data sets, scratch warehouses, report.json and report.md
	Years       []int  // default 2015-2024
	OPDs        int    // default 500
	Activities  int    // activities per year over all OPDs; default 1500
	Seed        uint64 // default demo.DefaultOptions().Seed
	Regencies   int    // kabupaten/kota in the data sets (0 = all 514; see demo.Options)
	MemoryLimit string // DuckDB memory_limit of every step; "" = DuckDB's default
	Repeat      int    // runs of each paired step, alternating; the fastest counts (default 1)

	Wrk         string        // wrk binary; default /usr/bin/wrk
	Connections int           // default 32
	WrkDuration time.Duration // per measurement; default 10s
	// RefreshWindow is the wrk duration while refreshes run; 0 = long enough for one and a
	// half runs (measured in the same bench), at least WrkDuration.
	RefreshWindow time.Duration

	// Command starts a step: the Spec JSON is appended as the last argument, e.g.
	// {"/usr/local/bin/setara", "bench", "step"}. Env is added to the child's environment.
	Command []string
	Env     []string

	CommandLine string // recorded in the report
	Logger      *slog.Logger
	Now         func() time.Time
}

func (o Options) withDefaults() Options {
	if len(o.Years) == 0 {
		for y := 2015; y <= 2024; y++ {
			o.Years = append(o.Years, y)
		}
	}
	if o.OPDs == 0 {
		o.OPDs = 500
	}
	if o.Activities == 0 {
		o.Activities = 1500
	}
	if o.Seed == 0 {
		o.Seed = demo.DefaultOptions().Seed
	}
	if o.Repeat < 1 {
		o.Repeat = 1
	}
	if o.Wrk == "" {
		o.Wrk = "/usr/bin/wrk"
	}
	if o.Connections == 0 {
		o.Connections = 32
	}
	if o.WrkDuration == 0 {
		o.WrkDuration = 10 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Report file names inside Options.Out.
const (
	ReportJSON     = "report.json"
	ReportMarkdown = "report.md"
)

// Run generates each data set, measures every figure beside its baseline, and writes
// report.json and report.md into opts.Out.
func Run(ctx context.Context, opts Options) (*Report, error) {
	opts = opts.withDefaults()
	if len(opts.Persons) == 0 {
		return nil, errors.New("bench: no persons counts")
	}
	if len(opts.Command) == 0 {
		return nil, errors.New("bench: no step command")
	}
	if _, err := os.Stat(opts.Wrk); err != nil {
		return nil, fmt.Errorf("bench: wrk: %w", err)
	}
	for _, p := range opts.Persons {
		if p < 1 {
			return nil, fmt.Errorf("bench: persons %d: must be at least 1", p)
		}
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	rep := &Report{
		Machine:     machine(opts.Now()),
		Command:     opts.CommandLine,
		MemoryLimit: orDash(opts.MemoryLimit),
		Repeat:      opts.Repeat,
		Connections: opts.Connections,
		WrkSeconds:  opts.WrkDuration.Seconds(),
	}
	b := &bencher{opts: opts, log: opts.Logger}
	for _, n := range opts.Persons {
		ds, rows, stageRows, err := b.measure(ctx, n)
		if err != nil {
			return rep, fmt.Errorf("bench %d persons: %w", n, err)
		}
		rep.Datasets = append(rep.Datasets, ds)
		rep.Rows = append(rep.Rows, rows...)
		rep.Stages = append(rep.Stages, stageRows...)
	}
	rep.Machine.LoadAfter = loadAverage()
	if err := writeReport(rep, opts.Out); err != nil {
		return rep, err
	}
	return rep, nil
}

func writeReport(rep *Report, dir string) error {
	var js, md bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		return err
	}
	if err := rep.WriteMarkdown(&md); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, ReportJSON), js.Bytes(), 0o644); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, ReportMarkdown), md.Bytes(), 0o644); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}

type bencher struct {
	opts Options
	log  *slog.Logger
}

// measured is a step's result with the peak RSS of its process.
type measured struct {
	StepResult
	RSS float64 // MiB
}

// measure runs every step of one persons count and turns the results into rows.
func (b *bencher) measure(ctx context.Context, n int) (Dataset, []Row, []StageRow, error) {
	dir := filepath.Join(b.opts.Out, "persons-"+strconv.Itoa(n))
	if b.opts.Regencies > 0 {
		dir += "-regencies-" + strconv.Itoa(b.opts.Regencies)
	}
	ds, files, err := b.dataset(ctx, n, filepath.Join(dir, "data"))
	if err != nil {
		return ds, nil, nil, err
	}
	parquet := filepath.Join(dir, "data", "microdata.parquet")
	scratch := filepath.Join(dir, "scratch")
	whDir := filepath.Join(dir, "warehouse")
	bareDir := filepath.Join(dir, "bare")
	for _, d := range []string{scratch, whDir, bareDir} {
		if err := os.RemoveAll(d); err != nil {
			return ds, nil, nil, err
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			return ds, nil, nil, err
		}
	}
	native := filepath.Join(scratch, "native.duckdb")
	wh := filepath.Join(whDir, "setara.duckdb")
	bare := filepath.Join(bareDir, "setara.duckdb")
	lim := b.opts.MemoryLimit

	// Each yardstick runs right before its figure, and with Repeat > 1 the pairs alternate
	// and the fastest of each is kept: on a shared machine the load changes from minute to
	// minute, and the minimum is the least disturbed measurement.
	var natP, ingP, natC, ingC measured
	for range b.opts.Repeat {
		for _, s := range []struct {
			spec Spec
			dest *measured
		}{
			{Spec{Step: StepNativeParquet, DB: native, File: parquet, MemoryLimit: lim}, &natP},
			{Spec{Step: StepIngest, DB: filepath.Join(scratch, "parquet.duckdb"), File: parquet,
				Preload: []string{files.Regions}, MemoryLimit: lim}, &ingP},
			{Spec{Step: StepNativeCSV, DB: native, File: files.Microdata, MemoryLimit: lim}, &natC},
			{Spec{Step: StepIngest, DB: wh, File: files.Microdata,
				Preload: []string{files.Regions, files.Indicators, files.Programs}, MemoryLimit: lim}, &ingC},
		} {
			m, err := b.step(ctx, s.spec)
			if err != nil {
				return ds, nil, nil, err
			}
			keepBest(s.dest, m)
		}
	}
	ds.MicrodataRows = ingC.Rows
	for _, m := range []measured{natP, ingP, natC} {
		if m.Rows != ingC.Rows {
			return ds, nil, nil, fmt.Errorf("row counts differ between the loaders: %d, %d, %d, %d", natP.Rows, ingP.Rows, natC.Rows, ingC.Rows)
		}
	}
	tableRow, err := b.measureTable(ctx, n, files, scratch)
	if err != nil {
		return ds, nil, nil, err
	}
	if err := os.RemoveAll(scratch); err != nil {
		return ds, nil, nil, err
	}

	// The bare yardstick runs on a copy of the freshly loaded warehouse, the full run on the
	// warehouse itself (a repeated run replaces what the previous one built).
	loaded := filepath.Join(bareDir, "loaded.duckdb")
	if err := copyFile(wh, loaded); err != nil {
		return ds, nil, nil, err
	}
	var bareRes, run measured
	for range b.opts.Repeat {
		if err := removeDB(bare); err != nil {
			return ds, nil, nil, err
		}
		if err := copyFile(loaded, bare); err != nil {
			return ds, nil, nil, err
		}
		m, err := b.step(ctx, Spec{Step: StepBare, DB: bare, MemoryLimit: lim})
		if err != nil {
			return ds, nil, nil, err
		}
		keepBest(&bareRes, m)
		if m, err = b.step(ctx, Spec{Step: StepRun, DB: wh, Dir: scratch, MemoryLimit: lim}); err != nil {
			return ds, nil, nil, err
		}
		keepBest(&run, m)
	}
	changes, err := b.measureChanges(ctx, files, loaded, filepath.Join(dir, "changes"))
	if err != nil {
		return ds, nil, nil, err
	}
	if err := os.RemoveAll(bareDir); err != nil {
		return ds, nil, nil, err
	}
	web, err := b.serve(ctx, Spec{Step: StepServe, DB: wh, Dir: filepath.Join(dir, "static"), MemoryLimit: lim}, run.Seconds)
	if err != nil {
		return ds, nil, nil, err
	}
	for range b.opts.Repeat {
		for _, s := range []struct {
			step string
			dest *measured
		}{{StepNativeArrow, &web.NativeArrow}, {StepStreamArrow, &web.StreamArrow}, {StepFlight, &web.Flight}} {
			m, err := b.step(ctx, Spec{Step: s.step, DB: wh, MemoryLimit: lim})
			if err != nil {
				return ds, nil, nil, err
			}
			keepBest(s.dest, m)
		}
	}
	bareBy := map[string]float64{}
	for _, st := range bareRes.StageSeconds {
		bareBy[st.Name] = st.Seconds
	}
	var stageRows []StageRow
	for _, st := range run.StageSeconds {
		stageRows = append(stageRows, StageRow{Persons: n, Stage: st.Name, Run: st.Seconds, Bare: bareBy[st.Name]})
	}
	rows := append(b.rows(n, natC, ingC, natP, ingP, bareRes, run, web), tableRow)
	return ds, append(rows, changeRows(n, changes, b.limitName())...), stageRows, nil
}

// measureTable times the import of a BPS-style table beside the same facts as a long
// indicators CSV (table.go), each into a fresh warehouse with the regions preloaded.
func (b *bencher) measureTable(ctx context.Context, n int, files demo.Files, scratch string) (Row, error) {
	tf, err := writeTableFiles(files.Regions, files.Indicators, scratch)
	if err != nil {
		return Row{}, err
	}
	var tbl, long measured
	for range b.opts.Repeat {
		for _, s := range []struct {
			file string
			dest *measured
		}{{tf.table, &tbl}, {tf.long, &long}} {
			m, err := b.step(ctx, Spec{Step: StepIngest, DB: filepath.Join(scratch, "table.duckdb"), File: s.file,
				Preload: []string{files.Regions}, MemoryLimit: b.opts.MemoryLimit})
			if err != nil {
				return Row{}, err
			}
			keepBest(s.dest, m)
		}
	}
	if tbl.Rows != int64(tf.facts) || long.Rows != int64(tf.facts) {
		return Row{}, fmt.Errorf("table row: the table loaded %d facts, the long file %d, want %d", tbl.Rows, long.Rows, tf.facts)
	}
	return tableRow(n, tbl, long, tf.facts), nil
}

// rows turns the measurements of one persons count into report rows, in RowIDs order.
func (b *bencher) rows(n int, natC, ingC, natP, ingP, bare, run measured, web webResult) []Row {
	rate := func(m measured) float64 { return float64(m.Rows) / m.Seconds }
	secs := func(a, z measured) string { return fmt.Sprintf("%.2f s vs %.2f s", a.Seconds, z.Seconds) }
	limit := b.limitName()
	rssGoal := &goal{limit: 2048}
	latencyGoal := &goal{limit: 100}
	withNote := func(r Row, note string) Row { r.Note = note; return r }
	serveNote := func(w WrkResult) string {
		return fmt.Sprintf("%.0f req/s, p50 %.2f ms, p99 %.2f ms", w.RequestsSec, w.P50, w.P99)
	}
	pageNote := func(w WrkResult) string {
		return fmt.Sprintf("%.0f req/s, p50 %.2f ms, %d non-2xx", w.RequestsSec, w.P50, w.Non2xx)
	}
	refreshNote := func(r refreshed, threads string) string {
		each := 0.0
		if r.Refreshes > 0 {
			each = r.Seconds / float64(r.Refreshes)
		}
		return pageNote(r.WrkResult) + fmt.Sprintf(", %d refresh(es) on %s, %.1f s each, the last one ending after wrk", r.Refreshes, threads, each)
	}
	serveThreads := fmt.Sprintf("%d DuckDB thread(s) at nice +%d, serve's defaults", web.Info.RefreshThreads, web.Info.RefreshNice)
	i := web.Info
	return []Row{
		withNote(row(n, "ingest_csv", "ingest microdata CSV, setara ingest.LoadFile", rate(ingC), "rows/s").vs("DuckDB read_csv, explicit types", rate(natC), false).judged(&goal{onRatio: true, atLeast: true, limit: 0.9}), secs(ingC, natC)),
		withNote(row(n, "ingest_parquet", "ingest microdata Parquet, setara ingest.LoadFile", rate(ingP), "rows/s").vs("DuckDB read_parquet", rate(natP), false).judged(&goal{onRatio: true, atLeast: true, limit: 0.9}), secs(ingP, natP)),
		withNote(row(n, "run", "full run (stages, checks, records, publish)", run.Seconds, "s").vs("same stage SQL on one connection", bare.Seconds, false).judged(&goal{onRatio: true, limit: 1.2}), fmt.Sprintf("%d stages", run.Stages)),
		row(n, "publish", "publish (snapshot copy and switch)", run.PublishSeconds, "s").vs("full run", run.Seconds, false).judged(&goal{onRatio: true, limit: 0.10}),
		row(n, "metrics_series_latest", "/metrics series, default (latest year per region)", float64(i.SeriesLatest), "series"),
		row(n, "metrics_series_history", "/metrics series, --metrics-history (all years)", float64(i.SeriesHistory), "series").vs("default", float64(i.SeriesLatest), false),
		row(n, "metrics_size_latest", "/metrics exposition size, default", float64(i.BytesLatest), "B"),
		row(n, "metrics_size_history", "/metrics exposition size, --metrics-history", float64(i.BytesHistory), "B").vs("default", float64(i.BytesLatest), false),
		row(n, "metrics_render_latest", "/metrics render (metrics.Build, on each snapshot switch), default", i.RenderLatest, "s"),
		row(n, "metrics_render_history", "/metrics render, --metrics-history", i.RenderHistory, "s").vs("default", i.RenderLatest, false),
		withNote(row(n, "metrics_serve_latest", "/metrics serve under wrk, default", web.MetricsLatest.RequestsSec, "req/s").vs("same bytes as a static file", web.StaticLatest.RequestsSec, true).judged(&goal{onRatio: true, limit: 2}),
			"ratio = static req/s / metrics req/s; "+serveNote(web.MetricsLatest)),
		withNote(row(n, "metrics_serve_history", "/metrics serve under wrk, --metrics-history", web.MetricsHistory.RequestsSec, "req/s").vs("same bytes as a static file", web.StaticHistory.RequestsSec, true).judged(&goal{onRatio: true, limit: 2}),
			"ratio = static req/s / metrics req/s; "+serveNote(web.MetricsHistory)),
		withNote(row(n, "api_indices", "GET /api/indices p99", web.Indices.P99, "ms").judged(latencyGoal), pageNote(web.Indices)),
		withNote(row(n, "api_indices_refresh", "GET /api/indices p99 while a refresh runs", web.IndicesRefresh.P99, "ms").vs("idle", web.Indices.P99, false).judged(latencyGoal), refreshNote(web.IndicesRefresh, serveThreads)),
		withNote(row(n, "api_indices_refresh_all_cores", "GET /api/indices p99 while a refresh on every core at the server's priority runs (serve --refresh-threads 0 --refresh-nice 0)", web.IndicesRefreshAllCores.P99, "ms").vs("a refresh with serve's defaults", web.IndicesRefresh.P99, false), refreshNote(web.IndicesRefreshAllCores, "every core at nice +0")),
		withNote(row(n, "page_ringkasan", "GET / (Ringkasan) p99", web.Page.P99, "ms").judged(latencyGoal), pageNote(web.Page)),
		withNote(row(n, "page_ringkasan_refresh", "GET / (Ringkasan) p99 while a refresh runs", web.PageRefresh.P99, "ms").vs("idle", web.Page.P99, false).judged(latencyGoal), refreshNote(web.PageRefresh, serveThreads)),
		withNote(row(n, "rss_ingest_csv", "peak RSS, CSV ingest", ingC.RSS, "MiB").vs("read_csv step", natC.RSS, false).judged(rssGoal), "memory_limit "+limit),
		withNote(row(n, "rss_ingest_parquet", "peak RSS, Parquet ingest", ingP.RSS, "MiB").vs("read_parquet step", natP.RSS, false).judged(rssGoal), "memory_limit "+limit),
		withNote(row(n, "rss_run", "peak RSS, full run", run.RSS, "MiB").vs("bare stage SQL step", bare.RSS, false).judged(rssGoal), "memory_limit "+limit),
		withNote(row(n, "rss_serve", "peak RSS, server under wrk with refreshes", web.RSS, "MiB").judged(rssGoal), "memory_limit "+limit+" (warehouse only)"),
		withNote(row(n, "flight_stream", "Flight SQL streaming of a 1 M-row result to a Go client", rate(web.Flight), "rows/s").vs("DuckDB's own Arrow export of the same query", rate(web.NativeArrow), false).judged(&goal{onRatio: true, atLeast: true, limit: 0.8}), secs(web.Flight, web.NativeArrow)),
		withNote(row(n, "rss_flight", "peak RSS, Flight SQL server and client streaming 1 M rows", web.Flight.RSS, "MiB").vs("DuckDB Arrow export step", web.NativeArrow.RSS, false).judged(&goal{onRatio: true, limit: 1.25}), "server and client in one process"),
		withNote(row(n, "flight_network", "Flight SQL streaming of a 1 M-row result to a Go client", rate(web.Flight), "rows/s").vs("the server's streaming Arrow export of the same query, in process", rate(web.StreamArrow), false), secs(web.Flight, web.StreamArrow)+"; what gRPC and the client's decoding cost"),
	}
}

// limitName is the memory limit of the steps, for the notes of the RSS rows.
func (b *bencher) limitName() string {
	if b.opts.MemoryLimit == "" {
		return "DuckDB default"
	}
	return b.opts.MemoryLimit
}

// dataset generates (or reuses, when the options match) the demo data of n persons in dir.
func (b *bencher) dataset(ctx context.Context, n int, dir string) (Dataset, demo.Files, error) {
	opts := demo.Options{Persons: n, Years: b.opts.Years, Seed: b.opts.Seed, National: true, OPDs: b.opts.OPDs,
		Activities: b.opts.Activities, Regencies: b.opts.Regencies, Evaluation: true}
	ds := Dataset{Persons: n, Years: b.opts.Years, OPDs: b.opts.OPDs}
	files := demo.Files{
		Regions:    filepath.Join(dir, demo.RegionsFile),
		Indicators: filepath.Join(dir, demo.IndicatorsFile),
		Microdata:  filepath.Join(dir, demo.MicrodataFile),
		Programs:   filepath.Join(dir, demo.ProgramsFile),
		GBS:        filepath.Join(dir, demo.GBSFile),
		Readiness:  filepath.Join(dir, demo.ReadinessFile),
	}
	parquet := filepath.Join(dir, "microdata.parquet")
	marker := filepath.Join(dir, "options.json")
	want, err := json.Marshal(opts)
	if err != nil {
		return ds, files, err
	}
	if have, err := os.ReadFile(marker); err != nil || !bytes.Equal(have, want) {
		b.log.Info("generating data", "persons", n, "dir", dir)
		os.Remove(marker)
		t0 := time.Now()
		written, err := demo.Write(ctx, dir, opts)
		if err != nil {
			return ds, files, err
		}
		if written != files {
			return ds, files, fmt.Errorf("demo wrote %+v, expected %+v", written, files)
		}
		if err := writeParquet(ctx, files.Microdata, parquet); err != nil {
			return ds, files, err
		}
		ds.GenerateSecs = time.Since(t0).Seconds()
		if err := os.WriteFile(marker, want, 0o644); err != nil {
			return ds, files, err
		}
	}
	for _, f := range []struct {
		path string
		size *int64
	}{{files.Microdata, &ds.CSVBytes}, {parquet, &ds.ParquetBytes}, {files.Indicators, &ds.IndicatorBytes}} {
		st, err := os.Stat(f.path)
		if err != nil {
			return ds, files, err
		}
		*f.size = st.Size()
	}
	regions, err := countLines(files.Regions)
	if err != nil {
		return ds, files, err
	}
	ds.Regions = regions - 1
	return ds, files, nil
}

// writeParquet converts the microdata CSV with an in-memory DuckDB.
func writeParquet(ctx context.Context, csvPath, parquetPath string) error {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	return demo.WriteParquet(ctx, db, csvPath, parquetPath)
}

// keepBest keeps the faster of *best and m, and the larger peak RSS of the two.
func keepBest(best *measured, m measured) {
	rss := max(best.RSS, m.RSS)
	if best.Seconds == 0 || m.Seconds < best.Seconds {
		*best = m
	}
	best.RSS = rss
}

// step runs one child step and returns its result and peak RSS.
func (b *bencher) step(ctx context.Context, spec Spec) (measured, error) {
	arg, err := json.Marshal(spec)
	if err != nil {
		return measured{}, err
	}
	b.log.Info("bench step", "step", spec.Step, "file", spec.File)
	cmd := exec.CommandContext(ctx, b.opts.Command[0], append(append([]string{}, b.opts.Command[1:]...), string(arg))...)
	cmd.Env = append(os.Environ(), b.opts.Env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return measured{}, fmt.Errorf("step %s: %w: %s", spec.Step, err, tail(stderr.String()))
	}
	var m measured
	if err := json.Unmarshal(lastLine(stdout.Bytes()), &m.StepResult); err != nil {
		return measured{}, fmt.Errorf("step %s: result %q: %w", spec.Step, stdout.String(), err)
	}
	m.RSS = m.PeakRSS // the step's own peak; rusage counts the parent's at exec too
	if m.RSS == 0 {
		m.RSS = maxRSS(cmd.ProcessState)
	}
	b.log.Info("bench step done", "step", spec.Step, "seconds", m.Seconds, "rows", m.Rows, "rss_mib", m.RSS)
	return m, nil
}

// webResult is what the serve step and the wrk runs against it measured.
type webResult struct {
	Info                          ServeInfo
	MetricsLatest, StaticLatest   WrkResult
	MetricsHistory, StaticHistory WrkResult
	Indices, Page                 WrkResult
	// IndicesRefresh and PageRefresh ran beside refreshes on serve's default threads,
	// IndicesRefreshAllCores beside refreshes on every core.
	IndicesRefresh, IndicesRefreshAllCores, PageRefresh refreshed
	RSS                                                 float64
	// Flight is the 1 M-row Flight SQL stream from the same snapshot, NativeArrow its
	// yardstick (DuckDB's Arrow export of the same query), StreamArrow the server's own
	// streaming export of it without the network, each in its own process.
	Flight, NativeArrow, StreamArrow measured
}

// serve starts the serve step, runs wrk against it (idle, then while refreshes run back to
// back), stops it and reads its peak RSS. refreshSecs (the measured run) sizes the refresh
// windows so that each covers at least one whole refresh.
func (b *bencher) serve(ctx context.Context, spec Spec, refreshSecs float64) (webResult, error) {
	var res webResult
	spec.Token = randomToken()
	arg, err := json.Marshal(spec)
	if err != nil {
		return res, err
	}
	cmd := exec.CommandContext(ctx, b.opts.Command[0], append(append([]string{}, b.opts.Command[1:]...), string(arg))...)
	cmd.Env = append(os.Environ(), b.opts.Env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return res, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return res, err
	}
	if err := cmd.Start(); err != nil {
		return res, err
	}
	out := bufio.NewReader(stdout)
	stop := func() error {
		stdin.Close()
		rest, _ := io.ReadAll(out)
		if err := cmd.Wait(); err != nil {
			return fmt.Errorf("step serve: %w: %s", err, tail(stderr.String()))
		}
		var done StepResult
		if err := json.Unmarshal(lastLine(rest), &done); err != nil {
			return fmt.Errorf("step serve: final line %q: %w", rest, err)
		}
		res.RSS = maxRSS(cmd.ProcessState)
		return nil
	}
	line, err := out.ReadBytes('\n')
	if err != nil {
		stdin.Close()
		cmd.Wait()
		return res, fmt.Errorf("step serve: %w: %s", err, tail(stderr.String()))
	}
	if err := json.Unmarshal(line, &res.Info); err != nil {
		stop()
		return res, fmt.Errorf("step serve: %q: %w", line, err)
	}
	if err := b.load(ctx, spec.Token, refreshSecs, &res); err != nil {
		stop()
		return res, err
	}
	return res, stop()
}

// load runs the wrk measurements against a started serve step.
func (b *bencher) load(ctx context.Context, token string, refreshSecs float64, res *webResult) error {
	idle := wrkOptions{Path: b.opts.Wrk, Connections: b.opts.Connections, Threads: 2, Duration: b.opts.WrkDuration,
		Header: "Authorization: Bearer " + token}
	during := idle
	during.Duration = max(idle.Duration, time.Duration(math.Ceil(refreshSecs*1.5+1))*time.Second)
	if b.opts.RefreshWindow > 0 {
		during.Duration = b.opts.RefreshWindow
	}
	i := res.Info
	runs := []struct {
		o    wrkOptions
		url  string
		dest *WrkResult
	}{
		{idle, "http://" + i.Addr + "/metrics", &res.MetricsLatest},
		{idle, "http://" + i.StaticAddr + "/" + staticLatest, &res.StaticLatest},
		{idle, "http://" + i.HistoryAddr + "/metrics", &res.MetricsHistory},
		{idle, "http://" + i.StaticAddr + "/" + staticHistory, &res.StaticHistory},
		{idle, "http://" + i.Addr + "/api/indices", &res.Indices},
		{idle, "http://" + i.Addr + "/", &res.Page},
	}
	for _, r := range runs {
		b.log.Info("wrk", "url", r.url, "seconds", r.o.Duration.Seconds())
		w, err := runWrk(ctx, r.o, r.url)
		if err != nil {
			return err
		}
		*r.dest = w
	}
	for _, r := range []struct {
		addr, path string
		dest       *refreshed
	}{
		{i.Addr, "/api/indices", &res.IndicesRefresh},
		{i.AllCoresAddr, "/api/indices", &res.IndicesRefreshAllCores},
		{i.Addr, "/", &res.PageRefresh},
	} {
		url := "http://" + r.addr + r.path
		b.log.Info("wrk during refresh", "url", url, "seconds", during.Duration.Seconds())
		w, n, secs, err := b.whileRefreshing(ctx, token, "http://"+r.addr+"/api/refresh", func() (WrkResult, error) {
			return runWrk(ctx, during, url)
		})
		if err != nil {
			return err
		}
		*r.dest = refreshed{WrkResult: w, Refreshes: n, Seconds: secs}
	}
	return nil
}

// refreshed is a wrk run while refreshes ran back to back: how many completed, and how long
// they took together.
type refreshed struct {
	WrkResult
	Refreshes int
	Seconds   float64
}

// whileRefreshing POSTs refreshes back to back while measure runs and returns how many
// completed. The refresh in flight when measure ends is waited for, not cancelled, so the
// next measurement starts with no refresh running.
func (b *bencher) whileRefreshing(ctx context.Context, token, url string, measure func() (WrkResult, error)) (WrkResult, int, float64, error) {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var done int
	var took time.Duration
	var rerr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		client := &http.Client{}
		for {
			select {
			case <-stop:
				return
			default:
			}
			start := time.Now()
			if err := postRefresh(ctx, client, url, token); err != nil {
				rerr = err
				return
			}
			took += time.Since(start)
			done++
		}
	}()
	w, err := measure()
	close(stop)
	wg.Wait()
	if err == nil && rerr != nil {
		err = fmt.Errorf("refresh during wrk: %w", rerr)
	}
	return w, done, took.Seconds(), err
}

// postRefresh runs one refresh through POST /api/refresh and waits for its answer.
func postRefresh(ctx context.Context, client *http.Client, url, token string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST %s: %s: %s", url, resp.Status, bytes.TrimSpace(body))
	}
	return nil
}

// maxRSS is the peak resident set of a finished child process in MiB (0 if unknown).
func maxRSS(ps *os.ProcessState) float64 {
	if ps == nil {
		return 0
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return float64(ru.Maxrss) / 1024 // Linux reports KiB
	}
	return 0
}

func randomToken() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func lastLine(b []byte) []byte {
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	return lines[len(lines)-1]
}

// tail is the end of a child's stderr, for error messages.
func tail(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 2000 {
		s = "..." + s[len(s)-2000:]
	}
	return s
}

// copyFile copies a database file and its WAL, if it has one.
func copyFile(src, dst string) error {
	if err := copyOne(src, dst); err != nil {
		return err
	}
	if _, err := os.Stat(src + ".wal"); err == nil {
		return copyOne(src+".wal", dst+".wal")
	}
	return nil
}

// copyOne copies one file.
func copyOne(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func countLines(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return bytes.Count(b, []byte("\n")), nil
}

// machine describes the host from /proc.
func machine(now time.Time) Machine {
	m := Machine{Date: now.Format("2006-01-02 15:04 MST"), CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), LoadBefore: loadAverage()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				if kb, err := strconv.ParseFloat(f[1], 64); err == nil {
					m.MemTotal = fmt.Sprintf("%.1f GiB", kb/(1<<20))
				}
			}
		}
	}
	return m
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
