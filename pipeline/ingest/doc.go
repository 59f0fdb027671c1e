// Package ingest loads input files (CSV, XLSX, Parquet) into the warehouse, validating every
// row. It provides LoadFile (one file, one transaction, one batch) and LoadFiles (several
// files, regions first), used by `setara ingest`, `setara validate` and the refresh.
//
// Every format lands in the same shape: text columns with the physical line of each record.
// DuckDB's read_csv does the heavy lifting for CSV; a Go reader takes over when records span
// lines (quoted newlines, blank lines), and XLSX rows are appended from excelize. One set of
// SQL checks (queries/ingest/check_KIND.sql) then types the values, normalises synonyms,
// resolves indicator aliases and explains every rejected row, in one pass into the table
// check_row; duplicate keys are found from its typed keys, and the accepted rows are copied
// to the raw table. For microdata and programs (whose checks keep the file order: no join
// before the numbering, since a join gives up the order of a file read by several threads)
// a CSV is not landed as text first: the checks read it straight from read_csv and the
// records are numbered afterwards from check_row's rowid and the reader's rejected lines.
//
// A clean microdata file (CSV or Parquet) takes a shorter road, the one pass (fast.go): the
// same check view feeds a lean table of typed values, appended to raw_microdata when nothing
// would be rejected; the load falls back to the full path above at the first sign of a
// problem, so every rejected row is still named.
//
//	res, err := ingest.LoadFile(ctx, db, "bps_2024.csv", ingest.Options{})
//	if err != nil { return err }            // the file could not be read at all
//	for _, p := range res.Problems {         // rows that were rejected (all in rejected_row)
//		fmt.Println(p)                        // bps_2024.csv:17:year: field "20x4": ...
//	}
package ingest
