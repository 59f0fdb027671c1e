package metrics

import (
	"context"
	"database/sql"
	"testing"

	"github.com/setara-pug/setara/pipeline/snapshot"
)

func openSnapshot(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := snapshot.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
