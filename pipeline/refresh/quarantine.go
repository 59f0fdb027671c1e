package refresh

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/pipeline/durable"
	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/stages"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// QuarantinedBy is who a refresh records as having quarantined a batch.
const QuarantinedBy = "refresh"

// maxQuarantineRounds bounds the runs of one refresh: a run, and after each quarantine a run
// without the batches set aside.
const maxQuarantineRounds = 3

// culprit is a new batch whose facts alone make a blocking check fail.
type culprit struct {
	batch int64
	check *stages.CheckError
}

// runOrQuarantine runs the stages. When a blocking check fails, it looks for the new batches
// (counted, and not in the last committed run) whose facts make it fail (culprits): probe runs
// without some of them tell; when the run fails without any new batch, no file explains the
// failure and the refresh fails as before. Each batch found is quarantined, its file
// moved to failed/DATE/ with an errors file in terms of the file's own lines, and the run is
// made again without it.
func (r *Refresher) runOrQuarantine(ctx context.Context, wh *warehouse.Warehouse, rep *Report) (StagesResult, error) {
	in := StagesInput{Trigger: rep.Trigger, FilesTaken: rep.FilesTaken, RowsLoaded: rep.RowsLoaded, Now: r.now, Logger: r.logger, FS: r.stagesFS, Candidate: r.candidate}
	for round := 1; ; round++ {
		res, err := r.stages(ctx, wh, in)
		var ce *stages.CheckError
		if err == nil || !errors.As(err, &ce) || ctx.Err() != nil || round == maxQuarantineRounds {
			return res, err
		}
		found, perr := r.culprits(ctx, wh, in, ce)
		if perr != nil {
			return res, errors.Join(err, perr)
		}
		if len(found) == 0 {
			return res, fmt.Errorf("%w (no new file explains it: the previous snapshot stays current)", err)
		}
		for _, c := range found {
			if qerr := r.quarantine(ctx, wh, rep, res.RunID, c); qerr != nil {
				return res, errors.Join(err, qerr)
			}
		}
		r.logger.Info("refresh: running stages again without the quarantined files", "quarantined", len(found))
	}
}

// culprits finds the new batches that make the check fail on their own. The suspects (new
// batches with facts of the failing rows' keys) are tried first: when the run passes without
// them, only they are probed. Otherwise every new batch is: the run without any of them must
// pass, then each is tried alone.
func (r *Refresher) culprits(ctx context.Context, wh *warehouse.Warehouse, in StagesInput, failed *stages.CheckError) ([]culprit, error) {
	fresh, err := warehouse.NewBatches(ctx, wh.DB)
	if err != nil || len(fresh) == 0 {
		return nil, err
	}
	probe := func(exclude []int64) (*stages.CheckError, error) {
		p := in
		p.Probe, p.Exclude = true, exclude
		_, err := r.stages(ctx, wh, p)
		var ce *stages.CheckError
		switch {
		case err == nil:
			return nil, nil
		case errors.As(err, &ce):
			return ce, nil
		}
		return nil, err
	}
	pool := fresh
	suspects, err := suspectsOf(ctx, wh, fresh, failed.Check)
	if err != nil {
		return nil, err
	}
	if len(suspects) > 0 && len(suspects) < len(fresh) {
		ce, err := probe(suspects)
		if err != nil {
			return nil, err
		}
		if ce == nil {
			pool = suspects
		}
	}
	if len(pool) == len(fresh) {
		base, err := probe(fresh)
		if err != nil || base != nil {
			return nil, err // the failure does not need any new batch
		}
	}
	if len(pool) == 1 {
		return []culprit{{pool[0], failed}}, nil
	}
	var found []culprit
	for _, b := range pool {
		others := slices.DeleteFunc(slices.Clone(pool), func(x int64) bool { return x == b })
		ce, err := probe(others)
		if err != nil {
			return nil, err
		}
		if ce != nil {
			found = append(found, culprit{b, ce})
		}
	}
	if len(found) == 0 { // only together: every batch of the pool takes part
		for _, b := range pool {
			found = append(found, culprit{b, failed})
		}
	}
	return found, nil
}

// suspectsOf are the batches of fresh with facts of the keys of the check's offending rows.
func suspectsOf(ctx context.Context, wh *warehouse.Warehouse, fresh []int64, c stages.CheckResult) ([]int64, error) {
	var out []int64
	for _, b := range fresh {
		for _, row := range c.Rows {
			k, ok := stages.KeyOf(c.Columns, row)
			if !ok {
				continue
			}
			facts, err := warehouse.Facts(ctx, wh.DB, b, k)
			if err != nil {
				return nil, err
			}
			if len(facts) > 0 {
				out = append(out, b)
				break
			}
		}
	}
	return out, nil
}

// quarantine writes the errors file of a culprit's file, records the quarantine and moves
// the file from processed/ to failed/DATE/. The errors file comes first and the move last: a
// crash in between leaves the batch quarantined and its file in processed/.
func (r *Refresher) quarantine(ctx context.Context, wh *warehouse.Warehouse, rep *Report, runID int64, c culprit) error {
	fr := r.reportOf(ctx, wh, rep, c.batch)
	problems, err := explain(ctx, wh, c, fr.Name)
	if err != nil {
		return err
	}
	date := r.now().Format("2006-01-02")
	dest, err := freeName(filepath.Join(r.inbox, FailedDir, date), fr.Name)
	if err != nil {
		return fmt.Errorf("inbox: %s: %w", FailedDir, err)
	}
	fr.ErrorsFile = dest + ".errors.csv"
	if err := writeErrors(fr.ErrorsFile, problems); err != nil {
		return fmt.Errorf("inbox: errors of %s: %w", fr.Name, err)
	}
	rows, err := json.Marshal(checkRows(c.check.Check))
	if err != nil {
		return err
	}
	reason := fmt.Sprintf("quarantined by run %d: %s", runID, problems[0].Reason)
	err = warehouse.QuarantineBatch(ctx, wh.DB, c.batch, warehouse.Change{By: QuarantinedBy, At: r.now(), Reason: reason},
		warehouse.Quarantine{RunID: runID, Check: c.check.Check.Name, CheckRows: string(rows)})
	if err != nil {
		return fmt.Errorf("quarantine batch %d (%s): %w", c.batch, fr.Name, err)
	}
	if fr.MovedTo != "" {
		if _, err := os.Stat(fr.MovedTo); err == nil {
			if err := durable.Rename(fr.MovedTo, dest); err != nil {
				return fmt.Errorf("inbox: move %s to %s: %w", fr.Name, FailedDir, err)
			}
			fr.MovedTo = dest
		}
	}
	fr.Outcome, fr.Quarantined, fr.Reason = OutcomeFailed, true, problems[0].String()
	r.metrics.files.WithLabelValues(OutcomeFailed).Inc()
	r.logger.Warn("refresh: file quarantined", "file", fr.Name, "batch_id", c.batch, "check", c.check.Check.Name,
		"reason", fr.Reason, "moved_to", fr.MovedTo, "errors", fr.ErrorsFile)
	return nil
}

// reportOf is the report of the file that loaded as batch id in this refresh. A batch of an
// earlier refresh (one cut short before its run) gets a report of its own: its file is looked
// for under processed/ by name and sha256.
func (r *Refresher) reportOf(ctx context.Context, wh *warehouse.Warehouse, rep *Report, id int64) *FileReport {
	for i := range rep.Files {
		if rep.Files[i].BatchID == id {
			return &rep.Files[i]
		}
	}
	fr := FileReport{Name: fmt.Sprintf("batch-%d", id), BatchID: id}
	if list, err := warehouse.Batches(ctx, wh.DB); err == nil {
		for _, b := range list {
			if b.ID == id {
				fr.Name, fr.Kind, fr.Accepted = b.File, b.Kind, b.Accepted
				fr.MovedTo = r.processedCopy(b)
			}
		}
	}
	rep.Files = append(rep.Files, fr)
	return &rep.Files[len(rep.Files)-1]
}

// processedCopy finds the file of batch b under processed/ (by its name, or the NAME-N.EXT a
// move gave it, and its sha256); "" when none is there.
func (r *Refresher) processedCopy(b warehouse.Batch) string {
	ext := filepath.Ext(b.File)
	stem := strings.TrimSuffix(b.File, ext)
	pattern := filepath.Join(r.inbox, ProcessedDir, "*", stem+"*"+ext)
	matches, _ := filepath.Glob(pattern)
	for _, m := range matches {
		if sum, err := fileSHA256(m); err == nil && sum == b.SHA256 {
			return m
		}
	}
	return ""
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// explain says, line by line of the culprit's file, why its facts were set aside: for each
// offending row of the check, the lines of the file whose key matches it.
func explain(ctx context.Context, wh *warehouse.Warehouse, c culprit, name string) ([]ingest.Problem, error) {
	chk := c.check.Check
	what := "blocking check " + chk.Name
	if chk.Title != "" {
		what += " (" + chk.Title + ")"
	}
	var out []ingest.Problem
	seen := map[int64]bool{}
	for _, row := range chk.Rows {
		desc := what + " fails with this file: " + describe(chk.Columns, row)
		k, ok := stages.KeyOf(chk.Columns, row)
		if !ok {
			out = append(out, ingest.Problem{Reason: desc})
			continue
		}
		facts, err := warehouse.Facts(ctx, wh.DB, c.batch, k)
		if err != nil {
			return nil, err
		}
		if len(facts) == 0 {
			out = append(out, ingest.Problem{Reason: desc})
		}
		for _, f := range facts {
			if seen[f.Line] {
				continue
			}
			seen[f.Line] = true
			p := ingest.Problem{File: f.File, Line: f.Line, Column: "value", Reason: f.What + " feeds it: " + desc}
			if f.Value != nil {
				p.Value = present.EN.Value(*f.Value)
			}
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		out = append(out, ingest.Problem{Reason: what + " fails with this file and passes without it"})
	}
	for i := range out {
		out[i].File = name
	}
	slices.SortStableFunc(out, func(a, b ingest.Problem) int { return int(a.Line - b.Line) })
	return out, nil
}

func describe(cols []string, row []any) string {
	return stages.DescribeRows(stages.CheckResult{Columns: cols, Rows: [][]any{row}, FailingRows: 1}, 1)
}

// checkRows are the offending rows as column-value maps, kept with the quarantine so the web
// can say them in Indonesian.
func checkRows(c stages.CheckResult) []map[string]any {
	out := make([]map[string]any, 0, len(c.Rows))
	for _, row := range c.Rows {
		m := map[string]any{}
		for i, col := range c.Columns {
			m[col] = row[i]
			if f, ok := row[i].(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
				m[col] = fmt.Sprint(f)
			}
		}
		out = append(out, m)
	}
	return out
}
