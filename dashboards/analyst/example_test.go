package analyst_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"os"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/setara-pug/setara/dashboards/analyst"
)

// An analyst's SELECT runs and comes back as rows; a statement that would write, or read a
// file, is refused with the reason before it reaches DuckDB's executor.
func Example() {
	ctx := context.Background()
	db, err := sql.Open("duckdb", "") // in the server: a snapshot opened with snapshot.OpenReadOnly
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE TABLE gender_index AS
		SELECT * FROM (VALUES ('1275', 2023, 'IPG', 94.5), ('1275', 2024, 'IPG', 94.75)) t(region_code, year, index_code, value)`); err != nil {
		log.Fatal(err)
	}

	res, err := analyst.Run(ctx, db, analyst.Query{
		SQL:    "SELECT year, value FROM gender_index WHERE index_code = ? ORDER BY year",
		Params: []any{"IPG"},
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := res.WriteCSV(os.Stdout); err != nil {
		log.Fatal(err)
	}

	for _, q := range []string{
		"DELETE FROM gender_index",
		"SELECT * FROM read_csv('/etc/passwd')",
		"SELECT 1; DROP TABLE gender_index",
	} {
		_, err := analyst.Run(ctx, db, analyst.Query{SQL: q})
		var refused *analyst.RefusedError
		fmt.Println(errors.As(err, &refused), err)
	}
	// Output:
	// year,value
	// 2023,94.5
	// 2024,94.75
	// true query refused: only a single SELECT statement is allowed
	// true query refused: function read_csv reads files or runs SQL text; only the snapshot's tables can be queried
	// true query refused: only a single SELECT statement is allowed
}
