// Package bench is setara's benchmark harness at Indonesia scale (`setara bench`): it
// generates the national demo data set (514 kabupaten/kota, ten years, programs of 500 OPDs)
// for each persons count, and measures every figure beside a baseline taken in the same run:
//
//   - ingesting the microdata CSV and Parquet file with ingest.LoadFile vs DuckDB's own
//     read_csv / read_parquet into a table;
//   - a full stages.Run vs the same stage SQL on one connection; publish as a share of the run;
//   - /metrics (latest year, and all years) rendered and served vs the same bytes as a static
//     file, with series counts and exposition sizes;
//   - /api/indices and the Ringkasan page under wrk, idle and while refreshes run (with
//     serve's defaults, and /api/indices also with a refresh on every core at the server's
//     priority, as serve refreshed before);
//   - a run with the PUG evaluation's stages (GBS and prerequisites loaded) vs without them;
//   - a retraction (warehouse.Retract) and its next run vs the same run without it;
//   - setara diff (diff.Compare) of two national snapshots vs DuckDB's EXCEPT of their tables;
//   - the peak RSS of every step.
//
// Each heavy step runs in its own child process (Options.Command, normally `setara bench
// step JSON`, see StepMain), so its peak RSS is read from the child's rusage and one step's
// memory never counts against another. Results go to report.json and report.md.
//
//	rep, err := bench.Run(ctx, bench.Options{Persons: []int{1_000_000}, Out: "bench-out",
//		MemoryLimit: "1GB", Command: []string{exe, "bench", "step"}})
//
// It belongs to the binary (cmd/setara/): `setara bench` drives it.
package bench
