package analyst_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/setara-pug/setara/dashboards/analyst"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

// FuzzGuard feeds arbitrary text to the guard. Whatever the text: no panic; the verdict is a
// refusal, an acceptance or a parser error, the same on a second call; an accepted query is
// bounded and run (short time limit, few rows) without changing the snapshot file. The seed
// corpus is testdata/fuzz/FuzzGuard; the normal test run executes it.
func FuzzGuard(f *testing.F) {
	path := snapshottest.NewWarehouse(f).Publish(1)
	db, err := snapshot.OpenReadOnly(context.Background(), path)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	before, err := os.Stat(path)
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		"SELECT 1",
		"SELECT * FROM region WHERE region_code = ?",
		"SELECT ';' -- ;\n",
		"SELECT 1; SELECT 2",
		"COPY region TO 'x.csv'",
		"FROM 'x.csv'",
		"SELECT * FROM read_csv('/etc/passwd')",
		"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ctx := context.Background()
		first := analyst.Guard(ctx, db, text)
		second := analyst.Guard(ctx, db, text)
		if (first == nil) != (second == nil) {
			t.Fatalf("Guard(%q) is not deterministic: %v, then %v", text, first, second)
		}
		var refused *analyst.RefusedError
		if first != nil {
			if !errors.As(first, &refused) && !errors.As(second, &refused) {
				// The parser could not be asked at all (not a verdict); it must say so.
				if first.Error() == "" {
					t.Fatalf("Guard(%q): empty error", text)
				}
			}
			return
		}
		res, err := analyst.Run(ctx, db, analyst.Query{SQL: text, Timeout: 200 * time.Millisecond, MaxRows: 5})
		// Run may still refuse what DuckDB cannot render back with a row limit around it (its
		// serializer does not round-trip every odd query): a refusal, never an unbounded run.
		if err != nil && errors.As(err, &refused) && !strings.Contains(err.Error(), "cannot be run with a row limit") {
			t.Fatalf("Guard accepted %q but Run refused it: %v", text, err)
		}
		if err == nil && len(res.Rows) > 5 {
			t.Fatalf("%q: %d rows beyond the limit 5", text, len(res.Rows))
		}
		after, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
			t.Fatalf("%q changed the snapshot file", text)
		}
		if matches, _ := filepath.Glob(path + ".wal*"); len(matches) > 0 {
			t.Fatalf("%q left a WAL beside the snapshot: %v", text, matches)
		}
	})
}
