package bench

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing/fstest"
	"time"

	"github.com/setara-pug/setara/dashboards/diff"
	"github.com/setara-pug/setara/pipeline/demo"
	"github.com/setara-pug/setara/pipeline/durable"
	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/stages"
	"github.com/setara-pug/setara/pipeline/warehouse"
	"github.com/setara-pug/setara/queries"
)

// The change rows: what a warehouse costs when its data change.
//
//   - run_evaluation: a run with the PUG evaluation's stages (queries/stages/evaluation) on
//     the data set with its GBS and prerequisites loaded, beside the same run without them
//     (stages.Options.FS without that directory, as BenchmarkRunEvaluation in
//     pipeline/stages does).
//   - retract_run: on a warehouse loaded, with a correction batch on top, and run once,
//     warehouse.Retract of the correction (as `setara retract` does) and the next run, beside
//     the same run without the retraction on a copy of the same warehouse.
//   - diff_snapshots and rss_diff: diff.Compare (as `setara diff` does) of the snapshot of
//     that first run and the snapshot of the run after the retraction, beside DuckDB's own
//     EXCEPT of the same published tables of the two files.

// evaluationStages is the directory of queries.Stages the evaluation row leaves out.
const evaluationStages = "stages/evaluation"

// correctionFile is the correction batch of the retraction row.
const correctionFile = "correction_uhh.csv"

// stagesWithout is queries.Stages without the files under dir ("" = all of it), for
// stages.Options.FS.
func stagesWithout(dir string) (fs.FS, error) {
	if dir == "" {
		return queries.Stages, nil
	}
	prefix := strings.TrimSuffix(dir, "/") + "/"
	out := fstest.MapFS{}
	err := fs.WalkDir(queries.Stages, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(path, prefix) {
			return err
		}
		body, err := fs.ReadFile(queries.Stages, path)
		out[path] = &fstest.MapFile{Data: body}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("stages without %s: %w", dir, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("stages without %s: nothing left", dir)
	}
	return out, nil
}

// stepLoad loads the preload files into the existing warehouse spec.DB (timed together) and
// returns the rows accepted and the batch of the last file.
func stepLoad(ctx context.Context, spec Spec) (StepResult, error) {
	wh, err := openWarehouse(ctx, spec)
	if err != nil {
		return StepResult{}, err
	}
	defer wh.Close()
	var out StepResult
	t0 := time.Now()
	for _, p := range spec.Preload {
		var res ingest.Result
		if err := loadClean(ctx, wh.DB, p, &res); err != nil {
			return StepResult{}, err
		}
		out.Rows += res.Accepted
		out.Batch = res.BatchID
	}
	out.Seconds = time.Since(t0).Seconds()
	return out, nil
}

// stepRetractRun retracts spec.Batch as `setara retract` does, then runs: the time of both.
func stepRetractRun(ctx context.Context, spec Spec) (StepResult, error) {
	if spec.Batch == 0 {
		return StepResult{}, fmt.Errorf("no batch to retract")
	}
	wh, err := openWarehouse(ctx, spec)
	if err != nil {
		return StepResult{}, err
	}
	defer wh.Close()
	t0 := time.Now()
	change := warehouse.Change{By: "bench", At: time.Now(), Reason: "bench: the correction batch is taken back"}
	if err := warehouse.Retract(ctx, wh.DB, []int64{spec.Batch}, change); err != nil {
		return StepResult{}, err
	}
	retract := time.Since(t0).Seconds()
	res, err := stages.Run(ctx, wh, stages.Options{Trigger: "run", Now: time.Now})
	if err != nil {
		return StepResult{}, err
	}
	out := runResult(res, time.Since(t0).Seconds(), wh.PublishedDir())
	out.RetractSeconds = retract
	return out, nil
}

// stepDiff compares the snapshot files spec.From (old) and spec.DB (new) with diff.Compare,
// as `setara diff --from --to` does; Rows is the number of changed values.
func stepDiff(ctx context.Context, spec Spec) (StepResult, error) {
	t0 := time.Now()
	changes, err := diff.Compare(ctx, spec.From, spec.DB)
	if err != nil {
		return StepResult{}, err
	}
	return StepResult{Seconds: time.Since(t0).Seconds(), Rows: int64(len(changes))}, nil
}

// stepNativeDiff attaches both snapshot files read-only to an in-memory DuckDB and counts the
// rows of the published tables the diff reads that are not in the other file, both ways.
func stepNativeDiff(ctx context.Context, spec Spec) (StepResult, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return StepResult{}, err
	}
	defer db.Close()
	if err := setMemoryLimit(ctx, db, spec.MemoryLimit); err != nil {
		return StepResult{}, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return StepResult{}, err
	}
	defer conn.Close()
	t0 := time.Now()
	for _, side := range []struct{ path, alias string }{{spec.From, "d_old"}, {spec.DB, "d_new"}} {
		attach := fmt.Sprintf("ATTACH '%s' AS %s (READ_ONLY)", strings.ReplaceAll(side.path, "'", "''"), side.alias)
		if _, err := conn.ExecContext(ctx, attach); err != nil {
			return StepResult{}, fmt.Errorf("attach %s: %w", side.path, err)
		}
	}
	var n int64
	if err := conn.QueryRowContext(ctx, sqlText("sql/native_diff.sql")).Scan(&n); err != nil {
		return StepResult{}, fmt.Errorf("sql/native_diff.sql: %w", err)
	}
	return StepResult{Seconds: time.Since(t0).Seconds(), Rows: n}, nil
}

// changeResult is what the change rows measured.
type changeResult struct {
	with, without      measured // the evaluation row
	evalRows           int64    // GBS and prerequisite rows loaded
	retract, plain     measured // the retraction row
	correction         int      // facts of the correction batch
	diff, nativeDiff   measured
	firstRun, retracts string // the two snapshots compared
}

// measureChanges measures the change rows on copies of loaded, the freshly loaded warehouse,
// inside dir (emptied first, removed at the end).
func (b *bencher) measureChanges(ctx context.Context, files demo.Files, loaded, dir string) (changeResult, error) {
	var cr changeResult
	if err := os.RemoveAll(dir); err != nil {
		return cr, err
	}
	lim := b.opts.MemoryLimit
	at := func(name string) string { return filepath.Join(dir, name, "setara.duckdb") }

	// The evaluation: GBS and prerequisites loaded, one run untimed so that both measured
	// runs replace what a run built, then with and without the evaluation's stages.
	eval := at("evaluation")
	if err := copyWarehouse(loaded, eval); err != nil {
		return cr, err
	}
	m, err := b.step(ctx, Spec{Step: StepLoad, DB: eval, Preload: []string{files.GBS, files.Readiness}, MemoryLimit: lim})
	if err != nil {
		return cr, err
	}
	cr.evalRows = m.Rows
	if _, err := b.step(ctx, Spec{Step: StepRun, DB: eval, MemoryLimit: lim}); err != nil {
		return cr, err
	}
	for range b.opts.Repeat {
		for _, s := range []struct {
			without string
			dest    *measured
		}{{"", &cr.with}, {evaluationStages, &cr.without}} {
			m, err := b.step(ctx, Spec{Step: StepRun, DB: eval, Without: s.without, MemoryLimit: lim})
			if err != nil {
				return cr, err
			}
			keepBest(s.dest, m)
		}
	}
	if cr.without.Stages >= cr.with.Stages {
		return cr, fmt.Errorf("evaluation row: %d stages without the evaluation, %d with it", cr.without.Stages, cr.with.Stages)
	}

	// The retraction: a correction batch on top of the loaded data, one run (the old side of
	// the diff), then each pair starts from a copy of that warehouse and its snapshots.
	base := at("base")
	if err := copyWarehouse(loaded, base); err != nil {
		return cr, err
	}
	corr, facts, err := writeCorrection(files.Indicators, filepath.Join(dir, correctionFile))
	if err != nil {
		return cr, err
	}
	cr.correction = facts
	if m, err = b.step(ctx, Spec{Step: StepLoad, DB: base, Preload: []string{corr}, MemoryLimit: lim}); err != nil {
		return cr, err
	}
	batch := m.Batch
	if m.Rows != int64(facts) || batch == 0 {
		return cr, fmt.Errorf("retraction row: the correction loaded %d facts in batch %d, want %d", m.Rows, batch, facts)
	}
	if m, err = b.step(ctx, Spec{Step: StepRun, DB: base, MemoryLimit: lim}); err != nil {
		return cr, err
	}
	cr.firstRun = m.Snapshot
	retracted, plain := at("retracted"), at("plain")
	for range b.opts.Repeat {
		for _, s := range []struct {
			spec Spec
			dest *measured
		}{
			{Spec{Step: StepRetractRun, DB: retracted, Batch: batch, MemoryLimit: lim}, &cr.retract},
			{Spec{Step: StepRun, DB: plain, MemoryLimit: lim}, &cr.plain},
		} {
			if err := copyWarehouse(base, s.spec.DB); err != nil {
				return cr, err
			}
			m, err := b.step(ctx, s.spec)
			if err != nil {
				return cr, err
			}
			keepBest(s.dest, m)
		}
	}
	cr.retracts = cr.retract.Snapshot

	// The diff of the first run's snapshot and the snapshot after the retraction.
	for range b.opts.Repeat {
		for _, s := range []struct {
			step string
			dest *measured
		}{{StepDiff, &cr.diff}, {StepNativeDiff, &cr.nativeDiff}} {
			m, err := b.step(ctx, Spec{Step: s.step, From: cr.firstRun, DB: cr.retracts, MemoryLimit: lim})
			if err != nil {
				return cr, err
			}
			keepBest(s.dest, m)
		}
	}
	if cr.diff.Rows == 0 || cr.nativeDiff.Rows == 0 {
		return cr, fmt.Errorf("diff row: %d values changed, %d rows differ: the retraction changed nothing", cr.diff.Rows, cr.nativeDiff.Rows)
	}
	if err := os.RemoveAll(dir); err != nil {
		return cr, err
	}
	return cr, nil
}

// changeRows are the report rows of the change measurements.
func changeRows(n int, cr changeResult, limit string) []Row {
	withNote := func(r Row, note string) Row { r.Note = note; return r }
	evalSecs := 0.0
	without := map[string]bool{}
	for _, st := range cr.without.StageSeconds {
		without[st.Name] = true
	}
	for _, st := range cr.with.StageSeconds {
		if !without[st.Name] {
			evalSecs += st.Seconds
		}
	}
	return []Row{
		withNote(row(n, "run_evaluation", "full run with the PUG evaluation's stages, GBS and prerequisites loaded", cr.with.Seconds, "s").
			vs("the same run without queries/stages/evaluation", cr.without.Seconds, false),
			fmt.Sprintf("%d vs %d stages; %d GBS and prerequisite rows; the evaluation's stages %.2f s inside the run", cr.with.Stages, cr.without.Stages, cr.evalRows, evalSecs)),
		withNote(row(n, "retract_run", "retract one batch (setara retract) and the next run", cr.retract.Seconds, "s").
			vs("the same run without a retraction", cr.plain.Seconds, false),
			fmt.Sprintf("a correction batch of %d facts; the retraction %.1f ms; peak RSS %.0f vs %.0f MiB", cr.correction, cr.retract.RetractSeconds*1000, cr.retract.RSS, cr.plain.RSS)),
		withNote(row(n, "diff_snapshots", "setara diff of two national snapshots (diff.Compare)", cr.diff.Seconds, "s").
			vs("DuckDB EXCEPT of the same published tables, both ways", cr.nativeDiff.Seconds, false),
			fmt.Sprintf("before and after the retraction: %d values changed, %d rows differ", cr.diff.Rows, cr.nativeDiff.Rows)),
		withNote(row(n, "rss_diff", "peak RSS, setara diff of two national snapshots", cr.diff.RSS, "MiB").
			vs("EXCEPT step", cr.nativeDiff.RSS, false), "memory_limit "+limit+" (the EXCEPT step only; diff.Compare uses DuckDB's default)"),
	}
}

// writeCorrection writes path: the latest year's life expectancy of every region and sex in
// indicatorsCSV, half a year higher, as a long indicators file (a correction batch).
func writeCorrection(indicatorsCSV, path string) (string, int, error) {
	facts, err := readColumns(indicatorsCSV, "region_code", "year", "indicator", "sex", "value")
	if err != nil {
		return "", 0, err
	}
	latest := ""
	for _, f := range facts {
		if f[2] == "life_expectancy" && f[1] > latest {
			latest = f[1]
		}
	}
	n := 0
	err = durable.Write(path, 0o644, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"region_code", "year", "indicator", "sex", "value", "source"})
		for _, f := range facts {
			if f[2] != "life_expectancy" || f[1] != latest {
				continue
			}
			v, err := strconv.ParseFloat(f[4], 64)
			if err != nil {
				return fmt.Errorf("%s: value %q: %w", indicatorsCSV, f[4], err)
			}
			cw.Write([]string{f[0], f[1], f[2], f[3], strconv.FormatFloat(v+0.5, 'f', 2, 64), "koreksi (sintetis)"})
			n++
		}
		cw.Flush()
		return cw.Error()
	})
	if err == nil && n == 0 {
		err = fmt.Errorf("%s: no life expectancy to correct", indicatorsCSV)
	}
	return path, n, err
}

// copyWarehouse copies the warehouse file src (and its WAL) and its published snapshots to
// dst, replacing what was there.
func copyWarehouse(src, dst string) error {
	if err := os.RemoveAll(filepath.Dir(dst)); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if err := copyFile(src, dst); err != nil {
		return err
	}
	from := warehouse.PublishedDir(src)
	if _, err := os.Stat(from); os.IsNotExist(err) {
		return nil
	}
	return copyDir(from, warehouse.PublishedDir(dst))
}

// copyDir copies the regular files of the tree src to dst.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyOne(path, target)
	})
}
