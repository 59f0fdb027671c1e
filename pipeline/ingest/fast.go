package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"
)

// The one pass. Most large files (survey microdata exported by a program) are clean, and for
// them the full path carries a lot it will not need: the raw text beside every value, the
// problem of every row, keys compared as structs, a view that numbers and re-checks each row
// as it is copied. fastLoad sends the rows from the reader through the same check view into a
// lean scratch table (typed values only), checks what needs the whole file (regions, repeated
// keys, one record per line), and appends to the raw table, numbered, only when nothing would
// have been rejected. At the first sign of a problem (the landing statement stops at the first
// row that fails a check) the full path runs instead, so every rejected row is still named
// with its line; the cost of a file with a problem is one extra read.
//
// The accepted rows and their values are the full path's by construction (the same view
// computes them); TestOnePassMatchesFullPath compares the two on every fixture.

// fastKind says whether a load may try the one pass: a kind with a one-pass insert, read by
// DuckDB directly (a CSV or Parquet file), and not a dry run.
func fastKind(spec kindSpec, lnd landed, opts Options) bool {
	return spec.onePass && !opts.DryRun && !opts.fullPath && (lnd.direct || lnd.parquet)
}

// fastLoad tries the one pass. It reports done=false, with the landing tables reset for the
// full path, when the file needs the full path; an error only for what the full path could not
// do either (a cancelled context, a failed commit). *batchID is the batch's id, taken from
// the sequence here when 0 and kept for the full path (a sequence does not roll back).
func fastLoad(ctx context.Context, conn *sql.Conn, path string, size int64, h header, spec kindSpec, pos []int,
	lnd landed, waitDigest func() digest, opts Options, now func() time.Time, start time.Time, res *Result,
	batchID *int64, step func(string), log *slog.Logger) (bool, error) {
	defer conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS one_pass")
	decline := func(why string, err error) (bool, error) {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		log.Debug("ingest one pass declined", "file", res.File, "why", why, "err", err)
		// the reader's rejects of this attempt must not add to the full path's
		if err := newLanding(ctx, conn, h.fields); err != nil {
			return false, fmt.Errorf("%s: %w", path, err)
		}
		return false, nil
	}
	var ordered bool
	if err := conn.QueryRowContext(ctx, `SELECT current_setting('preserve_insertion_order')`).Scan(&ordered); err != nil || !ordered {
		return decline("insertion order is not preserved", err)
	}
	if err := checkViews(ctx, conn, spec, pos, lnd); err != nil {
		return decline("check views", err)
	}
	if _, err := execFile(ctx, conn, "fast_land_"+spec.name+".sql"); err != nil {
		return decline("a row fails a check", err)
	}
	step("one pass: land")
	d := waitDigest()
	if d.err != nil {
		return false, fileError(path, "%v", unwrapPathError(d.err))
	}
	step("one pass: digest wait")
	var records int64
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM one_pass`).Scan(&records); err != nil {
		return decline("counting records", err)
	}
	if lnd.direct {
		var structural int64
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM ingest_reject_errors`).Scan(&structural); err != nil || structural > 0 {
			return decline("the reader set lines aside", err)
		}
		if h.line+records != d.lines {
			return decline(fmt.Sprintf("%d records and a header on line %d, in %d lines", records, h.line, d.lines), nil)
		}
	}
	var unknown, repeated int64
	if err := conn.QueryRowContext(ctx, sqlFile("fast_check_"+spec.name+".sql")).Scan(&unknown, &repeated); err != nil || unknown+repeated > 0 {
		return decline(fmt.Sprintf("%d rows of undeclared regions, %d keys repeated", unknown, repeated), err)
	}
	step("one pass: regions and keys")

	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	defer tx.Rollback()
	if *batchID == 0 {
		if err := tx.QueryRowContext(ctx, `SELECT nextval('batch_id_seq')`).Scan(batchID); err != nil {
			return false, fmt.Errorf("%s: %w", path, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `SET VARIABLE ingest_batch = ?`, *batchID); err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	accepted, err := execFile(ctx, tx, "fast_accept_"+spec.name+".sql")
	if err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	step("one pass: accept")
	res.BatchID, res.Accepted, res.Rejected, res.Status = *batchID, accepted, 0, "loaded"
	if err := recordBatch(ctx, tx, path, size, d.sha, spec, opts, now, start, res); err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	step("one pass: commit")
	return true, nil
}
