package snapshot_test

import (
	"context"
	"fmt"
	"log"

	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

// A run publishes the warehouse's "published" schema as a new snapshot file; a Store follows
// the published directory and hands each request the snapshot that is current when it starts.
func Example() {
	ctx := context.Background()
	wh, err := snapshottest.OpenScratch(ctx, `CREATE SCHEMA published;
		CREATE TABLE published.gender_index AS
		SELECT '1275' AS region_code, 2024 AS year, 'IPG' AS index_code, 94.75 AS value`)
	if err != nil {
		log.Fatal(err)
	}
	defer wh.Close()
	if err := snapshot.Publish(ctx, wh.Conn, wh.Dir, snapshot.Name(1), 5); err != nil {
		log.Fatal(err)
	}

	store := snapshot.NewStore(wh.Dir, snapshot.StoreOptions{})
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
