// Package ingest loads input files (CSV, XLSX, Parquet) into the warehouse, validating every
// row. It provides LoadFile (one file, one transaction, one batch) and LoadFiles (several
// files, regions first), used by `setara ingest`, `setara validate` and the refresh.
//
// Every format lands in the same shape: a temporary table of text columns with the physical
// line of each record. DuckDB's read_csv does the heavy lifting for CSV; a Go reader takes
// over when records span lines (quoted newlines, blank lines), and XLSX rows are appended from
// excelize. One set of SQL checks (queries/ingest/check_KIND.sql) then types the values,
// normalises synonyms, resolves indicator aliases and explains every rejected row:
//
//	res, err := ingest.LoadFile(ctx, db, "bps_2024.csv", ingest.Options{})
//	if err != nil { return err }            // the file could not be read at all
//	for _, p := range res.Problems {         // rows that were rejected (all in rejected_row)
//		fmt.Println(p)                        // bps_2024.csv:17:year: field "20x4": ...
//	}
package ingest
