package ingest

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
)

// commit writes the batch in one transaction: accepted rows, rejected rows, the batch record
// (l.batchID, or a new id when 0). A dry run, or a strict load with rejects, keeps only what
// it must.
func (l *loader) commit(ctx context.Context) error {
	tx, d, err := l.beginBatch(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := l.accept(ctx, tx); err != nil {
		return err
	}
	if l.res.Rejected > 0 {
		if l.res.Problems, err = problems(ctx, tx, l.batchID, l.res.File, l.opts.MaxProblems); err != nil {
			return err
		}
	}
	if l.opts.DryRun {
		return l.rollBack(ctx, tx)
	}
	if err := l.record(ctx, tx, d.sha); err != nil {
		return err
	}
	err = tx.Commit()
	l.step("commit")
	return err
}

// beginBatch takes the file's digest and starts the transaction of batch l.batchID, taking a
// new id when it is 0. The caller rolls the transaction back unless it commits it.
func (l *loader) beginBatch(ctx context.Context) (*sql.Tx, digest, error) {
	d, err := l.sum()
	if err != nil {
		return nil, d, err
	}
	tx, err := l.beginTx(ctx)
	return tx, d, err
}

// beginTx begins the transaction of the batch, taking its id from the sequence when l.batchID
// is 0, without waiting for the file's digest.
func (l *loader) beginTx(ctx context.Context) (*sql.Tx, error) {
	tx, err := l.conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if l.batchID == 0 {
		if err := tx.QueryRowContext(ctx, sqlFile("next_batch.sql")).Scan(&l.batchID); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	return tx, nil
}

// accept inserts the accepted and the rejected rows of batch l.batchID and sets the counts
// and the status of the result.
func (l *loader) accept(ctx context.Context, tx *sql.Tx) error {
	accepted, err := execFile(ctx, tx, "accept_"+l.spec.name+".sql", l.batchID)
	if err != nil {
		return err
	}
	l.step("accept")
	var records, structural int64
	count := strings.Replace(sqlFile("count_records.sql"), "/*table*/", "check_row", 1)
	if err := tx.QueryRowContext(ctx, count).Scan(&records, &structural); err != nil {
		return err
	}
	var rejected int64
	if records > accepted || structural > 0 {
		id, file := l.batchID, l.res.File
		if rejected, err = execFile(ctx, tx, sqlOr(l.spec.rejectFile, "reject.sql"), id, file, id, file, id, file, id, file); err != nil {
			return err
		}
	}
	l.step("reject")
	status := "loaded"
	if l.opts.Strict && rejected > 0 {
		status = "rejected"
		// spec.table is a constant identifier of this package.
		unload := strings.Replace(sqlFile("unload.sql"), "/*table*/", l.spec.table, 1)
		if _, err := tx.ExecContext(ctx, unload, l.batchID); err != nil {
			return err
		}
		accepted = 0
	}
	if l.opts.DryRun {
		status = "validated"
	}
	l.res.BatchID, l.res.Accepted, l.res.Rejected, l.res.Status = l.batchID, accepted, rejected, status
	return nil
}

// rollBack ends a dry run: nothing is kept but the regions a regions file declared (their
// codes, and their names for tables) and the activities a programs file declared (for gbs
// files), for the files validated after it in this session.
func (l *loader) rollBack(ctx context.Context, tx *sql.Tx) error {
	l.res.BatchID = 0
	var declared []region
	var activities [][4]any
	var err error
	switch l.spec.name {
	case "regions":
		declared, err = acceptedRegions(ctx, tx)
	case "programs":
		activities, err = acceptedActivities(ctx, tx)
	}
	if err != nil {
		return err
	}
	if err := tx.Rollback(); err != nil {
		return err
	}
	// in chunks of 500 rows a statement: one statement per activity costs ~0.5 ms each
	for start := 0; start < len(activities); start += 500 {
		chunk := activities[start:min(start+500, len(activities))]
		args := make([]any, 0, 4*len(chunk))
		for _, a := range chunk {
			args = append(args, a[:]...)
		}
		values := strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(chunk)), ", ")
		if _, err := l.conn.ExecContext(ctx, strings.Replace(sqlFile("session_activity.sql"), "(?, ?, ?, ?)", values, 1), args...); err != nil {
			return err
		}
	}
	for _, r := range declared {
		if _, err := l.conn.ExecContext(ctx, sqlFile("session_region.sql"), r.code); err != nil {
			return err
		}
		if _, err := l.conn.ExecContext(ctx, sqlFile("session_region_name.sql"), r.code, r.name, r.level, r.parent); err != nil {
			return err
		}
	}
	return nil
}

// record writes the batch row of the result (its id, counts and status are set).
func (l *loader) record(ctx context.Context, tx *sql.Tx, sha string) error {
	abs, err := filepath.Abs(l.path)
	if err != nil {
		abs = l.path
	}
	end := l.now()
	r := l.res
	_, err = tx.ExecContext(ctx, sqlFile("batch.sql"), r.BatchID, abs, r.File, sha, l.size, l.spec.name, r.Format,
		r.Accepted, r.Rejected, l.opts.Strict, r.Status, end, end.Sub(l.start).Seconds(), l.opts.Survey)
	return err
}

func problems(ctx context.Context, q querier, batchID int64, file string, limit int) ([]Problem, error) {
	if limit <= 0 {
		limit = maxProblems
	}
	rows, err := q.QueryContext(ctx, sqlFile("problems.sql"), batchID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Problem
	for rows.Next() {
		p := Problem{File: file}
		if err := rows.Scan(&p.Line, &p.Column, &p.Value, &p.Reason); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func acceptedRegions(ctx context.Context, q querier) ([]region, error) {
	rows, err := q.QueryContext(ctx, sqlFile("accepted_regions.sql"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []region
	for rows.Next() {
		var r region
		if err := rows.Scan(&r.code, &r.name, &r.level, &r.parent); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// acceptedActivities is the keys of the accepted rows of a programs file.
func acceptedActivities(ctx context.Context, q querier) ([][4]any, error) {
	rows, err := q.QueryContext(ctx, sqlFile("accepted_activities.sql"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][4]any
	for rows.Next() {
		var year int64
		var opd, program, activity string
		if err := rows.Scan(&year, &opd, &program, &activity); err != nil {
			return nil, err
		}
		out = append(out, [4]any{year, opd, program, activity})
	}
	return out, rows.Err()
}
