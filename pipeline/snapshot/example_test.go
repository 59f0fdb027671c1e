package snapshot_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/setara-pug/setara/pipeline/snapshot"
)

// A run publishes the warehouse's "published" schema as a new snapshot file; a Store follows
// the published directory and hands each request the snapshot that is current when it starts.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "setara-snapshot")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	db, err := sql.Open("duckdb", filepath.Join(dir, "setara.duckdb"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE SCHEMA published;
		CREATE TABLE published.gender_index AS
		SELECT '1275' AS region_code, 2024 AS year, 'IPG' AS index_code, 94.75 AS value`); err != nil {
		log.Fatal(err)
	}
	published := filepath.Join(dir, "published")
	if err := snapshot.Publish(ctx, conn, published, snapshot.Name(1), 5); err != nil {
		log.Fatal(err)
	}

	store := snapshot.NewStore(published, snapshot.StoreOptions{})
	defer store.Close()
	if _, err := store.Refresh(ctx); err != nil {
		log.Fatal(err)
	}
	r, release, err := store.Acquire()
	if err != nil {
		log.Fatal(err)
	}
	defer release()
	var value float64
	if err := r.DB.QueryRowContext(ctx, "SELECT value FROM gender_index WHERE index_code = 'IPG'").Scan(&value); err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.ID, value)
	// Output:
	// run-000001 94.75
}
