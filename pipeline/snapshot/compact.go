package snapshot

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// compactRows is the size from which publish stores a table's repeated texts as codes: a
// published table of at least this many rows whose text column holds at most a quarter as
// many distinct values (region codes, indicators, sexes, units, sources) is written to the
// snapshot's schema "store" with that column as an ENUM, and the snapshot's main schema gets
// a view of the same name that turns it back into text. Readers see the same columns, types
// and rows. Writing a text column is most of a copy's time (string statistics, distinct
// counts, the dictionary's analysis: 0.2-0.35 us a value); an ENUM is written as small
// integers, but each coded column costs a few milliseconds more (its distinct values are
// counted and made a type). That pays from some 20,000 rows; at 1 M persons the tables of
// 50,000 rows or more (indicator_estimate, index_term, index_input_row, gender_gap) are
// copied in about half the time, and coding the tables of 5,000-17,000 rows as well made
// publish slower, not faster (six alternations of each threshold on a copy of the bench's
// warehouse).
const compactRows = 50000

// maxCodes bounds the values of one ENUM (two-byte codes): a text column with more distinct
// values is copied as text, however large the table.
const maxCodes = 1 << 16

// storeSchema holds the compact tables and their ENUM types in a snapshot.
const storeSchema = "store"

// copyTable copies the published table t, of about rows rows, into the snapshot attached as
// snap, compacting its repeated texts when it is large enough (compactRows).
func copyTable(ctx context.Context, tx *sql.Tx, t string, rows int64) error {
	var cols []column
	coded := map[string]bool{}
	if rows >= compactRows {
		var err error
		if cols, err = tableColumns(ctx, tx, t); err != nil {
			return err
		}
		if coded, err = codedColumns(ctx, tx, t, cols); err != nil {
			return err
		}
	}
	if len(coded) == 0 {
		_, err := tx.ExecContext(ctx, fmt.Sprintf("CREATE TABLE snap.main.%s AS SELECT * FROM published.%s", quoteIdent(t), quoteIdent(t)))
		return err
	}
	if _, err := tx.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS snap."+storeSchema); err != nil {
		return err
	}
	stored := make([]string, len(cols))
	shown := make([]string, len(cols))
	for i, c := range cols {
		q := quoteIdent(c.name)
		stored[i], shown[i] = q, q
		if !coded[c.name] {
			continue
		}
		typ := "snap." + storeSchema + "." + quoteIdent(t+"."+c.name)
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("CREATE TYPE %s AS ENUM (SELECT DISTINCT %s FROM published.%s WHERE %s IS NOT NULL)",
			typ, q, quoteIdent(t), q)); err != nil {
			return fmt.Errorf("column %s: %w", c.name, err)
		}
		stored[i] = fmt.Sprintf("CAST(%s AS %s) AS %s", q, typ, q)
		shown[i] = fmt.Sprintf("CAST(%s AS VARCHAR) AS %s", q, q)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("CREATE TABLE snap.%s.%s AS SELECT %s FROM published.%s",
		storeSchema, quoteIdent(t), strings.Join(stored, ", "), quoteIdent(t))); err != nil {
		return err
	}
	// The view names the store without a catalog: a view binds its names in its own
	// database, whatever name a reader attaches the snapshot under.
	_, err := tx.ExecContext(ctx, fmt.Sprintf("CREATE VIEW snap.main.%s AS SELECT %s FROM %s.%s",
		quoteIdent(t), strings.Join(shown, ", "), storeSchema, quoteIdent(t)))
	return err
}

type column struct{ name, typ string }

func tableColumns(ctx context.Context, tx *sql.Tx, t string) ([]column, error) {
	rows, err := tx.QueryContext(ctx, `SELECT column_name, data_type FROM duckdb_columns()
		WHERE database_name = current_database() AND schema_name = 'published' AND table_name = ?
		ORDER BY column_index`, t)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.typ); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

// codedColumns names the text columns of the published table t that the snapshot stores as
// codes: those with at most a quarter as many distinct values as t has rows, and at most
// maxCodes.
func codedColumns(ctx context.Context, tx *sql.Tx, t string, cols []column) (map[string]bool, error) {
	var texts []string
	counts := []string{"count(*)"}
	for _, c := range cols {
		if c.typ == "VARCHAR" {
			texts = append(texts, c.name)
			counts = append(counts, "count(DISTINCT "+quoteIdent(c.name)+")")
		}
	}
	if len(texts) == 0 {
		return nil, nil
	}
	n := make([]int64, len(counts)) // the rows, then each text's distinct values
	dest := make([]any, len(n))
	for i := range n {
		dest[i] = &n[i]
	}
	if err := tx.QueryRowContext(ctx, "SELECT "+strings.Join(counts, ", ")+" FROM published."+quoteIdent(t)).Scan(dest...); err != nil {
		return nil, err
	}
	coded := map[string]bool{}
	for i, name := range texts {
		if d := n[i+1]; d > 0 && d*4 <= n[0] && d <= maxCodes {
			coded[name] = true
		}
	}
	return coded, nil
}
