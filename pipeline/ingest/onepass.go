package ingest

import (
	"context"
	"errors"
	"fmt"
)

// The one pass. Most large files (survey microdata exported by a program) are clean, and for
// them the full path carries a lot it will not need: the raw text beside every value, the
// problem of every row, keys compared as structs, a view that numbers and re-checks each row
// as it is copied. onePass sends the rows from the reader through clean_rows, the one pass's
// view of the same checks (check_microdata.sql), into a lean scratch table (typed values
// only), checks what needs the whole file (regions, repeated keys, one record per line), and
// appends to the raw table, numbered, only when nothing would have been rejected. A Parquet
// file needs no scratch table (its rows bring their row number): the whole-file checks read
// its key columns first, then its checked rows go straight into the raw table inside the
// batch's transaction, which is rolled back when a row fails a check. At the first sign of a
// problem (the landing or inserting statement stops at the first row that is not clean) the
// full path runs instead, so every rejected row is still named with its line; the cost of a
// file with a problem is one extra read.
//
// The accepted rows and their values are the full path's by construction: both views read the
// typed values of check_values, and a clean row is one the full path accepts (clean_rows is
// stricter only about empty fields, which sends a field of spaces to the full path);
// TestOnePassMatchesFullPath and the two FuzzOnePass targets compare the two routes.

// onePassFits says whether a load may try the one pass: a kind with a one-pass insert, read
// by DuckDB directly (a CSV or Parquet file), and not a dry run.
func (l *loader) onePassFits() bool {
	return l.spec.onePass && !l.opts.DryRun && !l.opts.fullPath && (l.lnd.direct || l.lnd.parquet)
}

// onePass tries the one pass. It reports done=false, with the landing tables reset for the
// full path, when the file needs the full path; an error only for what the full path could
// not do either (a cancelled context, a failed commit). l.batchID is the batch's id, taken
// from the sequence here when 0 and kept for the full path (a sequence does not roll back).
func (l *loader) onePass(ctx context.Context) (done bool, err error) {
	defer l.conn.ExecContext(context.WithoutCancel(ctx), sqlFile("one_pass_drop.sql"))
	var why string
	if l.lnd.parquet {
		// the rows go straight to the raw table; why == "": the batch is committed (or its
		// commit failed, which the full path could not mend)
		if why, err = l.onePassDirect(ctx); why == "" {
			return true, atFile(l.path, err)
		}
	} else {
		if why, err = l.onePassLand(ctx); why == "" && err == nil {
			return true, l.onePassCommit(ctx)
		}
	}
	var fe *FileError
	if errors.As(err, &fe) {
		return false, err // the file cannot be read through: the full path could not either
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	l.log.Debug("ingest one pass declined", "file", l.res.File, "why", why, "err", err)
	// the reader's rejects of this attempt must not add to the full path's
	if err := newLanding(ctx, l.conn, l.h.fields); err != nil {
		return false, fmt.Errorf("%s: %w", l.path, err)
	}
	return false, nil
}

// onePassLand lands the checked rows of a CSV in one_pass and checks what needs the whole
// file. It returns why the file needs the full path ("": it does not), with the error that
// told. A CSV's records are numbered by their order, which only the row ids of a fresh table
// keep (read_csv gives no record number), hence the scratch table.
func (l *loader) onePassLand(ctx context.Context) (why string, err error) {
	var ordered bool
	if err := l.conn.QueryRowContext(ctx, sqlFile("insertion_order.sql")).Scan(&ordered); err != nil || !ordered {
		return "insertion order is not preserved", err
	}
	if err := l.checkViews(ctx); err != nil {
		return "check views", err
	}
	if _, err := execFile(ctx, l.conn, "fast_land_"+l.spec.name+".sql"); err != nil {
		return "a row fails a check", err
	}
	l.step("one pass: land")
	d, err := l.sum()
	if err != nil {
		return "the file cannot be read", err
	}
	l.step("one pass: digest wait")
	var records int64
	if err := l.conn.QueryRowContext(ctx, sqlFile("one_pass_count.sql")).Scan(&records); err != nil {
		return "counting records", err
	}
	if l.lnd.direct {
		var structural int64
		if err := l.conn.QueryRowContext(ctx, sqlFile("reader_rejects.sql")).Scan(&structural); err != nil || structural > 0 {
			return "the reader set lines aside", err
		}
		if l.h.line+records != d.lines {
			return fmt.Sprintf("%d records and a header on line %d, in %d lines", records, l.h.line, d.lines), nil
		}
	}
	var unknown, repeated int64
	if err := l.conn.QueryRowContext(ctx, sqlFile("fast_check_"+l.spec.name+".sql")).Scan(&unknown, &repeated); err != nil || unknown+repeated > 0 {
		return fmt.Sprintf("%d rows of undeclared regions, %d keys repeated", unknown, repeated), err
	}
	l.step("one pass: regions and keys")
	return "", nil
}

// onePassCommit appends one_pass to the raw table as a batch, in one transaction.
func (l *loader) onePassCommit(ctx context.Context) error {
	if err := l.onePassTx(ctx); err != nil {
		return atFile(l.path, err)
	}
	l.step("one pass: commit")
	return nil
}

// onePassTx is onePassCommit's transaction; its errors do not yet name the file.
func (l *loader) onePassTx(ctx context.Context) error {
	tx, d, err := l.beginBatch(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := setVariables(ctx, tx, map[string]any{"ingest_batch": l.batchID}); err != nil {
		return err
	}
	accepted, err := execFile(ctx, tx, "fast_accept_"+l.spec.name+".sql")
	if err != nil {
		return err
	}
	l.step("one pass: accept")
	l.res.BatchID, l.res.Accepted, l.res.Rejected, l.res.Status = l.batchID, accepted, 0, "loaded"
	if err := l.record(ctx, tx, d.sha); err != nil {
		return err
	}
	return tx.Commit()
}

// onePassDirect is the one pass of a Parquet file, whose rows bring their own line (the file's
// row number): the whole-file checks run on the checked rows as the file gives them (its key
// columns only), then the checked rows go from the reader straight into the raw table, inside
// the batch's transaction, and the batch is committed.
// It returns why the file needs the full path, with the transaction rolled back; "" when the
// batch is committed, or with the error of a failed commit (or record).
func (l *loader) onePassDirect(ctx context.Context) (why string, err error) {
	if err := l.checkViews(ctx); err != nil {
		return "check views", err
	}
	var unknown, repeated int64
	if err := l.conn.QueryRowContext(ctx, sqlFile("fast_check_parquet_"+l.spec.name+".sql")).Scan(&unknown, &repeated); err != nil || unknown+repeated > 0 {
		return fmt.Sprintf("%d rows of undeclared regions, %d keys repeated", unknown, repeated), err
	}
	l.step("one pass: regions and keys")
	tx, err := l.beginTx(ctx)
	if err != nil {
		return "the batch cannot begin", err
	}
	defer tx.Rollback()
	if err := setVariables(ctx, tx, map[string]any{"ingest_batch": l.batchID}); err != nil {
		return "the batch cannot begin", err
	}
	accepted, err := execFile(ctx, tx, "fast_insert_"+l.spec.name+".sql")
	if err != nil {
		return "a row fails a check", err
	}
	l.step("one pass: insert")
	d, err := l.sum()
	if err != nil {
		return "the file cannot be read", err
	}
	l.step("one pass: digest wait")
	l.res.BatchID, l.res.Accepted, l.res.Rejected, l.res.Status = l.batchID, accepted, 0, "loaded"
	if err := l.record(ctx, tx, d.sha); err != nil {
		return "", err
	}
	if err := tx.Commit(); err != nil {
		return "", err
	}
	l.step("one pass: commit")
	return "", nil
}
