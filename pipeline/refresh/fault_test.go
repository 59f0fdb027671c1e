package refresh

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// When a load fails and the file is not at fault (here the real ingest load is cancelled
// while the refresh goes on, as a warehouse that cannot give it a connection would fail it),
// the refresh stops with the error and the file stays in the inbox for the next refresh, not
// in failed/. The file itself is good: the next refresh loads it.
func TestWarehouseFaultLeavesTheFileInTheInbox(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cancelled := true
	load := func(ctx context.Context, db *sql.DB, path string, now func() time.Time) (LoadResult, error) {
		if cancelled {
			lctx, cancel := context.WithCancel(ctx)
			cancel()
			ctx = lctx
		}
		return ingestLoad(ctx, db, path, now)
	}
	stages := func(ctx context.Context, wh *warehouse.Warehouse, in StagesInput) (StagesResult, error) {
		return StagesResult{RunID: 1, Status: StatusSucceeded}, nil
	}
	r := New(Options{DBPath: filepath.Join(dir, "w.duckdb"), Now: func() time.Time { return t0 }, Load: load, Stages: stages})
	defer r.Close()
	file := filepath.Join(r.Inbox(), "good.csv")
	writeFile(t, file, "region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,74.5\n", t0.Add(-time.Hour))

	rep, err := r.RunOnce(ctx)
	var fe *ingest.FileError
	if err == nil || errors.As(err, &fe) || rep.Status != StatusFailed {
		t.Fatalf("refresh with a starved warehouse: %v (status %s); want a failure that is no *ingest.FileError", err, rep.Status)
	}
	t.Logf("refresh failed as it should: %v", err)
	if _, err := os.Stat(file); err != nil {
		t.Errorf("the inbox file is gone after a warehouse fault: %v", err)
	}
	if failed, _ := filepath.Glob(filepath.Join(r.Inbox(), FailedDir, "*", "*")); len(failed) > 0 {
		t.Errorf("a warehouse fault put %v in failed/", failed)
	}

	cancelled = false
	if rep, err := r.RunOnce(ctx); err != nil || rep.Status != StatusSucceeded || rep.FilesTaken != 1 || rep.RowsLoaded != 1 {
		t.Fatalf("refresh after the fault: %v %+v; want the file loaded", err, rep)
	}
}
