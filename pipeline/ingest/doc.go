// Package ingest loads input files (CSV, XLSX, Parquet) into the warehouse, validating every
// row. It belongs to the write side (pipeline/): it writes the raw tables, batch and
// rejected_row, which the stages read. It provides LoadFile (one file, one transaction, one
// batch) and LoadFiles (several files, regions first, gbs after programs: LoadRank), used by `setara ingest`,
// `setara validate` and the refresh.
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
// # The loader
//
// One file is loaded by a loader (load.go), whose phases run in order, one method each, in
// files named for them:
//
//   - open (load.go, header.go): the options, the file, its header and its kind;
//   - unchanged (digest.go): the file's digest, and whether a byte-identical file of the kind
//     is loaded already (then nothing is done);
//   - land (land.go, csv.go, xlsx.go, parquet.go): the scratch tables and the landing data;
//   - session and check (check.go): the session's macros, then the checks into check_row;
//   - number (number.go): the lines of the records DuckDB's CSV reader read, one function
//     for the text landing table and for check_row of a direct CSV, the Go reader when the
//     records do not sit one per line;
//   - dedupe (dedupe.go): the view checked and the rows whose key repeats;
//   - commit (commit.go): accepted and rejected rows and the batch record, one transaction.
//
// A clean microdata file (CSV or Parquet) takes a shorter road, the one pass (onepass.go):
// for a CSV the one pass's view of the same checks (clean_rows) feeds a lean scratch table of
// typed values (its row ids number the records), appended to raw_microdata when nothing would
// be rejected; a Parquet file's rows bring their row number, so once its key columns showed no
// undeclared region and no repeated key they go from clean_rows straight into raw_microdata
// inside the batch's transaction, rolled back when a row is not clean. The load falls back to
// the full path above at the first sign of a problem, so every rejected row is still named.
//
// # Tables
//
// A BPS-style table (kind "table": a title, one or two header rows of years and sexes, region
// names in the rows, footnotes) is recognised by its layout when its header names no kind, or
// named with --kind table. open reads it whole (table_grid.go), finds its layout
// (table_layout.go), the indicator its title names (table_title.go) and the region of each
// name (table_region.go), and reshapes it into the rows of an indicators file, one per value
// cell; land lands those rows, numbered k, with table_cell (the table's line and column of
// every k). They go through the indicators checks; accept_table.sql, reject_table.sql and
// dup_table.sql put the facts and the problems back on the table's lines and columns.
//
// Header names are read in English or Indonesian (data/columns.csv, kinds.go).
//
// All the SQL the loader runs lives in queries/ingest/*.sql (embedded as queries.Ingest).
// Go generates only what follows from a file's header or a kind's constants: the column
// lists of the reader, the landing table and the src view, and the markers the loader fills
// in (/*line*/, /*join*/, /*table*/ ...) from constants.
//
// A file that is at fault (missing, empty, malformed, of no known kind, unreadable) fails
// with a *FileError; any other error is the warehouse's (or a cancelled context) and says
// nothing about the file. Rejected rows are no error: they are in Result.
//
//	res, err := ingest.LoadFile(ctx, db, "bps_2024.csv", ingest.Options{})
//	if err != nil { return err }            // the file could not be read at all
//	for _, p := range res.Problems {         // rows that were rejected (all in rejected_row)
//		fmt.Println(p)                        // bps_2024.csv:17:year: field "20x4": ...
//	}
package ingest
