package snapshot_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

// warehouseWithPublished makes a warehouse whose schema "published" holds table t(v) = value.
func warehouseWithPublished(t *testing.T, value int) *sql.Conn {
	t.Helper()
	w, err := snapshottest.OpenScratch(context.Background(), fmt.Sprintf(
		"CREATE SCHEMA published; CREATE TABLE published.t (v INTEGER); INSERT INTO published.t VALUES (%d)", value))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w.Conn
}

// readOnlySnapshot publishes a warehouse holding t(v) = value and opens the snapshot
// read-only; secret is a CSV file outside the snapshot, which it must not read.
func readOnlySnapshot(t *testing.T, value int) (db *sql.DB, secret string) {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "published")
	conn := warehouseWithPublished(t, value)
	if err := snapshot.Publish(ctx, conn, dir, snapshot.Name(1), 3); err != nil {
		t.Fatal(err)
	}
	cur, _ := snapshot.Current(dir)
	db, err := snapshot.OpenReadOnly(ctx, cur)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	secret = filepath.Join(t.TempDir(), "secret.csv")
	os.WriteFile(secret, []byte("a\n1\n"), 0o644)
	return db, secret
}

func readV(t *testing.T, db *sql.DB) int {
	t.Helper()
	var v int
	if err := db.QueryRow("SELECT v FROM t").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestPublishSwitchesCurrentAndPrunes(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "published")
	if _, err := snapshot.Current(dir); !errors.Is(err, snapshot.ErrNoSnapshot) {
		t.Fatalf("snapshot.Current before any publish: %v, want snapshot.ErrNoSnapshot", err)
	}
	conn := warehouseWithPublished(t, 1)
	for run := int64(1); run <= 4; run++ {
		if _, err := conn.ExecContext(ctx, "UPDATE published.t SET v = ?", run*10); err != nil {
			t.Fatal(err)
		}
		if err := snapshot.Publish(ctx, conn, dir, snapshot.Name(run), 2); err != nil {
			t.Fatal(err)
		}
	}
	cur, err := snapshot.Current(dir)
	if err != nil {
		t.Fatal(err)
	}
	if snapshot.ID(cur) != "run-000004" {
		t.Errorf("current = %s, want run-000004", snapshot.ID(cur))
	}
	db, err := snapshot.OpenReadOnly(ctx, cur)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := readV(t, db); v != 40 {
		t.Errorf("current snapshot holds %d, want 40", v)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "CURRENT run-000003.duckdb run-000004.duckdb" {
		t.Errorf("published dir = %v; want CURRENT and the two newest snapshots", names)
	}
}

func TestReadOnlySnapshotRefusesWritesAndFiles(t *testing.T) {
	ctx := context.Background()
	db, secret := readOnlySnapshot(t, 7)
	for _, q := range []string{
		"INSERT INTO t VALUES (1)",
		"SELECT * FROM read_csv('" + secret + "')",
		"COPY t TO '" + filepath.Join(t.TempDir(), "out.csv") + "'",
		"ATTACH '" + filepath.Join(t.TempDir(), "x.duckdb") + "' AS x",
		"SET enable_external_access = true",
		"INSTALL httpfs",
	} {
		if _, err := db.ExecContext(ctx, q); err == nil {
			t.Errorf("%s: succeeded on a read-only snapshot", q)
		}
	}
	if v := readV(t, db); v != 7 {
		t.Errorf("snapshot value %d, want 7", v)
	}
}

// Concurrent requests make the pool open more connections; each must work and keep the
// instance-wide restrictions (the first connection locked them).
func TestReadOnlySnapshotSecondConnection(t *testing.T) {
	ctx := context.Background()
	db, secret := readOnlySnapshot(t, 7)
	var conns []*sql.Conn
	for i := range 3 {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatalf("connection %d: %v", i+1, err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	for i, c := range conns {
		var v int
		if err := c.QueryRowContext(ctx, "SELECT v FROM t").Scan(&v); err != nil || v != 7 {
			t.Errorf("connection %d: v = %d, %v; want 7", i+1, v, err)
		}
		if _, err := c.ExecContext(ctx, "SELECT * FROM read_csv('"+secret+"')"); err == nil {
			t.Errorf("connection %d: read a file from a read-only snapshot", i+1)
		}
	}
}

func TestStoreKeepsOldSnapshotForHolders(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "published")
	conn := warehouseWithPublished(t, 1)
	if err := snapshot.Publish(ctx, conn, dir, snapshot.Name(1), 5); err != nil {
		t.Fatal(err)
	}
	s := snapshot.NewStore(dir, snapshot.StoreOptions{})
	defer s.Close()
	var switched []string
	s.OnSwitch(func(r *snapshot.Reader) { switched = append(switched, r.ID) })
	if ok, err := s.Refresh(ctx); !ok || err != nil {
		t.Fatalf("first Refresh = %v, %v", ok, err)
	}
	old, releaseOld, err := s.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	conn.ExecContext(ctx, "UPDATE published.t SET v = 2")
	if err := snapshot.Publish(ctx, conn, dir, snapshot.Name(2), 5); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Refresh(ctx); !ok || err != nil {
		t.Fatalf("second Refresh = %v, %v", ok, err)
	}
	if ok, _ := s.Refresh(ctx); ok {
		t.Errorf("Refresh without a new publish switched")
	}
	if v := readV(t, old.DB); v != 1 {
		t.Errorf("held old snapshot reads %d, want 1", v)
	}
	releaseOld()
	if err := old.DB.Ping(); err == nil {
		t.Errorf("old snapshot still open after release")
	}
	r, release, err := s.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if v := readV(t, r.DB); v != 2 || r.ID != "run-000002" {
		t.Errorf("current reader %s reads %d, want run-000002 and 2", r.ID, v)
	}
	if strings.Join(switched, ",") != "run-000001,run-000002" {
		t.Errorf("OnSwitch saw %v", switched)
	}
}

func TestExportWritesEveryTable(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "published")
	conn := warehouseWithPublished(t, 42)
	if _, err := conn.ExecContext(ctx, "CREATE TABLE published.u AS SELECT 'a,b' AS s"); err != nil {
		t.Fatal(err)
	}
	if err := snapshot.Publish(ctx, conn, dir, snapshot.Name(1), 3); err != nil {
		t.Fatal(err)
	}
	cur, _ := snapshot.Current(dir)
	out := filepath.Join(t.TempDir(), "export")
	files, err := snapshot.Export(ctx, cur, out, "csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Fatalf("exported %v, want t.csv and u.csv", files)
	}
	for name, want := range map[string]string{"t.csv": "v\n42\n", "u.csv": "s\n\"a,b\"\n"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || string(b) != want {
			t.Errorf("%s = %q, %v; want %q", name, b, err, want)
		}
	}
	pq, err := snapshot.Export(ctx, cur, out, "parquet")
	if err != nil || len(pq) != 2 {
		t.Fatalf("parquet export: %v, %v", pq, err)
	}
	db, _ := sql.Open("duckdb", "")
	defer db.Close()
	var v int
	if err := db.QueryRow("SELECT v FROM read_parquet(?)", filepath.Join(out, "t.parquet")).Scan(&v); err != nil || v != 42 {
		t.Errorf("t.parquet reads %d, %v; want 42", v, err)
	}
	if _, err := snapshot.Export(ctx, cur, out, "xml"); err == nil {
		t.Errorf("format xml accepted")
	}
}

// TestPublishKeepsDuckDBsCompression publishes a table of the kind the published schema holds
// (codes and labels repeated over many rows, numbers), then the same with a table of unique
// texts beside it, and reads the snapshots back: every value; each column stored with no
// method DuckDB did not choose for it in the warehouse; the unique texts compressed with FSST as
// DuckDB's default does (the copy skips trying FSST only where the warehouse used it
// nowhere); and the instance's setting as it was before.
func TestPublishKeepsDuckDBsCompression(t *testing.T) {
	ctx := context.Background()
	const cells = `CREATE SCHEMA published;
		CREATE TABLE published.cells AS
		SELECT (1200 + range % 514)::VARCHAR AS region_code, 2015 + range % 10 AS year,
		       ['labour_force_participation', 'mean_years_schooling', 'income_share'][1 + range % 3] AS indicator,
		       ['P', 'L', 'T'][1 + range % 3] AS sex, range * 0.5 AS value, 'persen' AS unit
		FROM range(300000);`
	const notes = `CREATE TABLE published.notes AS
		SELECT 'catatan ' || md5(range::VARCHAR) || ' baris ' || range AS note FROM range(200000);`
	methods := func(db interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	}, table string) map[string]string {
		t.Helper()
		rows, err := db.QueryContext(ctx, `SELECT column_name, string_agg(DISTINCT compression, ',' ORDER BY compression)
			FROM pragma_storage_info(?) GROUP BY ALL`, table)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		m := map[string]string{}
		for rows.Next() {
			var col, ms string
			rows.Scan(&col, &ms)
			m[col] = ms
		}
		return m
	}
	for _, tc := range []struct {
		name string
		sql  string
		fsst bool // the warehouse stores some segment with FSST
	}{{"codes", cells, false}, {"codes and unique texts", cells + notes, true}} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := snapshottest.OpenScratch(ctx, tc.sql+"CHECKPOINT; SET disabled_compression_methods = ''")
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			if err := snapshot.Publish(ctx, w.Conn, w.Dir, snapshot.Name(1), 3); err != nil {
				t.Fatal(err)
			}
			var setting string
			if err := w.Conn.QueryRowContext(ctx, "SELECT current_setting('disabled_compression_methods')").Scan(&setting); err != nil || setting != "" {
				t.Errorf("disabled_compression_methods after publish: %q (%v), want it empty as before", setting, err)
			}
			cur, _ := snapshot.Current(w.Dir)
			db, err := sql.Open("duckdb", "")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.ExecContext(ctx, "ATTACH '"+cur+"' AS s (READ_ONLY)"); err != nil {
				t.Fatal(err)
			}
			var got, want int64
			const sum = `SELECT sum(hash(region_code, year, indicator, sex, value, unit)) % 1000000007 FROM `
			if err := db.QueryRowContext(ctx, sum+"s.cells").Scan(&got); err != nil {
				t.Fatal(err)
			}
			w.Conn.QueryRowContext(ctx, sum+"published.cells").Scan(&want)
			if got != want {
				t.Errorf("snapshot cells checksum %d, warehouse %d", got, want)
			}
			// DuckDB chooses per segment, and segments fall differently in the copy than in
			// the warehouse, so a column may use fewer of the warehouse's methods (a
			// Dictionary where one warehouse segment took FSST) but never one it did not use.
			// The repeated texts of cells are stored as codes (store.cells, an ENUM for
			// each: TestPublishStoresRepeatedTextsAsCodes); the numbers keep their methods.
			src, dst := methods(w.Conn, "published.cells"), methods(db, "s.store.cells")
			for col, m := range src {
				used := strings.Split(m, ",")
				if col == "region_code" || col == "indicator" || col == "sex" || col == "unit" {
					continue
				}
				if dst[col] == "" {
					t.Errorf("column %s missing from the snapshot's storage info", col)
				}
				for _, d := range strings.Split(dst[col], ",") {
					if d != "" && !slices.Contains(used, d) {
						t.Errorf("column %s stored as %s in the snapshot, %s in the warehouse: %s is new", col, dst[col], m, d)
					}
				}
			}
			if !tc.fsst {
				return
			}
			if !strings.Contains(strings.ToUpper(methods(w.Conn, "published.notes")["note"]), "FSST") {
				t.Fatalf("the warehouse stores the unique texts as %v, not with FSST: the case tests nothing", methods(w.Conn, "published.notes"))
			}
			if m := methods(db, "s.main.notes")["note"]; !strings.Contains(strings.ToUpper(m), "FSST") {
				t.Errorf("the snapshot stores the unique texts as %s, want FSST as in the warehouse", m)
			}
		})
	}
}

// A view of the published schema arrives in the snapshot as a view that reads the snapshot's
// own tables: not a copy of its rows, and not the warehouse's tables (the warehouse is not
// there when a reader opens the snapshot).
func TestPublishCopiesViewsAsViews(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "published")
	w, err := snapshottest.OpenScratch(ctx, `CREATE SCHEMA published;
		CREATE TABLE published.t AS SELECT range AS v, range % 2 = 0 AS chosen FROM range(10);
		CREATE TABLE main.t AS SELECT 99 AS v, true AS chosen;
		CREATE VIEW published.even AS SELECT v FROM t WHERE chosen`)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := snapshot.Publish(ctx, w.Conn, dir, snapshot.Name(1), 3); err != nil {
		t.Fatal(err)
	}
	cur, _ := snapshot.Current(dir)
	db, err := snapshot.OpenReadOnly(ctx, cur)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var kind string
	if err := db.QueryRow("SELECT table_type FROM information_schema.tables WHERE table_name = 'even'").Scan(&kind); err != nil {
		t.Fatal(err)
	}
	if kind != "VIEW" {
		t.Errorf("even is a %s in the snapshot, want a VIEW", kind)
	}
	var n, sum int
	if err := db.QueryRow("SELECT count(*), sum(v) FROM even").Scan(&n, &sum); err != nil {
		t.Fatal(err)
	}
	if n != 5 || sum != 20 {
		t.Errorf("even in the snapshot: %d rows summing to %d, want 5 rows summing to 20 (0+2+4+6+8)", n, sum)
	}
	files, err := snapshot.Export(ctx, cur, t.TempDir(), "csv")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(files, func(f string) bool { return filepath.Base(f) == "even.csv" }) {
		t.Errorf("export wrote %v, want even.csv among them", files)
	}

	// A definition publish cannot restate in the snapshot is refused, naming the view.
	if _, err := w.Conn.ExecContext(ctx, `CREATE VIEW published.aliased (w) AS SELECT v FROM t`); err != nil {
		t.Fatal(err)
	}
	err = snapshot.Publish(ctx, w.Conn, dir, snapshot.Name(2), 3)
	if err == nil || !strings.Contains(err.Error(), "view published.aliased") {
		t.Errorf("publish of an aliased view: %v, want an error naming published.aliased", err)
	}
	if cur2, _ := snapshot.Current(dir); cur2 != cur {
		t.Errorf("current moved to %s after a failed publish", cur2)
	}
}

// A large published table's repeated texts are stored in the snapshot as codes (an ENUM in the
// schema "store") behind a view of the table's name that gives them back as text: a reader
// sees the same columns, types, rows and order as the warehouse's table. Unique texts and the
// columns of a small table stay as they are.
func TestPublishStoresRepeatedTextsAsCodes(t *testing.T) {
	ctx := context.Background()
	w, err := snapshottest.OpenScratch(ctx, `CREATE SCHEMA published;
		CREATE TABLE published.big AS
		SELECT (1200 + range % 514)::VARCHAR AS region_code, 2015 + range % 10 AS year,
		       ['P', 'L', 'T', NULL][1 + range % 4] AS sex,
		       ['', 'BPS, "Susenas" 2023', 'data contoh (sintetis)', 'Kab. Toba''s ü'][1 + range % 4] AS source,
		       'catatan ' || range AS note, range * 0.5 AS value
		FROM range(60000);
		CREATE TABLE published.small AS
		SELECT ['P', 'L'][1 + range % 2] AS sex, range AS n FROM range(40);
		CREATE TABLE published.many AS
		SELECT 'kunci ' || (range % 70000) AS k, range AS n FROM range(300000);
		CREATE VIEW published.chosen AS SELECT region_code, sex, value FROM big WHERE sex = 'P';`)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cur, err := w.Publish(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Conn.ExecContext(ctx, "ATTACH '"+cur+"' AS s (READ_ONLY)"); err != nil {
		t.Fatal(err)
	}
	query := func(q string) []string {
		t.Helper()
		rows, err := w.Conn.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var a, b string
			if err := rows.Scan(&a, &b); err != nil {
				t.Fatal(err)
			}
			out = append(out, a+" "+b)
		}
		return out
	}
	const columns = `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_catalog = '%s' AND table_schema = '%s' AND table_name = '%s' ORDER BY ordinal_position`
	for _, tbl := range []string{"big", "small", "chosen", "many"} {
		want, got := query(fmt.Sprintf(columns, "warehouse", "published", tbl)), query(fmt.Sprintf(columns, "s", "main", tbl))
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s in the snapshot has columns %v, want the warehouse's %v", tbl, got, want)
		}
	}
	stored := strings.Join(query(fmt.Sprintf(columns, "s", "store", "big")), "; ")
	for _, c := range []string{"region_code ENUM", "sex ENUM", "source ENUM", "note VARCHAR", "year BIGINT"} {
		if !strings.Contains(stored, c) {
			t.Errorf("store.big has columns %.300s: want %s", stored, c)
		}
	}
	kinds := query(`SELECT table_schema || '.' || table_name, table_type FROM information_schema.tables
		WHERE table_catalog = 's' ORDER BY ALL`)
	// many's texts repeat (70,000 values in 300,000 rows) but are more than one ENUM holds.
	want := []string{"main.big VIEW", "main.chosen VIEW", "main.many BASE TABLE", "main.small BASE TABLE", "store.big BASE TABLE"}
	if !slices.Equal(kinds, want) {
		t.Errorf("snapshot tables %v, want %v", kinds, want)
	}
	// The same rows in the same order: each row's position and values, compared both ways.
	const rows = `SELECT row_number() OVER () AS pos, * FROM %s`
	for _, tbl := range []string{"big", "small", "chosen"} {
		var missing, extra int
		w.Conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT (SELECT count(*) FROM (%s EXCEPT ALL %s)), (SELECT count(*) FROM (%s EXCEPT ALL %s))`,
			fmt.Sprintf(rows, "published."+tbl), fmt.Sprintf(rows, "s.main."+tbl),
			fmt.Sprintf(rows, "s.main."+tbl), fmt.Sprintf(rows, "published."+tbl))).Scan(&missing, &extra)
		if missing != 0 || extra != 0 {
			t.Errorf("%s: %d warehouse rows missing from the snapshot, %d rows extra", tbl, missing, extra)
		}
	}
	var empty, nulls int
	w.Conn.QueryRowContext(ctx, "SELECT count(*) FILTER (WHERE source = ''), count(*) FILTER (WHERE sex IS NULL) FROM s.main.big").Scan(&empty, &nulls)
	if empty != 15000 || nulls != 15000 {
		t.Errorf("snapshot big: %d empty sources and %d NULL sexes, want 15000 and 15000", empty, nulls)
	}

	// A reader of the snapshot under its own name (the read-only sandbox) and a second
	// publish (new types in a new file) see the same.
	db, err := snapshot.OpenReadOnly(ctx, cur)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM big WHERE source = 'Kab. Toba''s ü' AND region_code LIKE '1%'").Scan(&n); err != nil || n != 15000 {
		t.Errorf("read-only reader: %d rows (%v), want 15000", n, err)
	}
	if _, err := w.Conn.ExecContext(ctx, "DETACH s; INSERT INTO published.big SELECT '1275', 2024, 'P', 'baru', 'x', 1"); err != nil {
		t.Fatal(err)
	}
	cur2, err := w.Publish(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	db2, err := snapshot.OpenReadOnly(ctx, cur2)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if err := db2.QueryRowContext(ctx, "SELECT count(*) FROM big WHERE source = 'baru'").Scan(&n); err != nil || n != 1 {
		t.Errorf("second snapshot: %d rows with the new source (%v), want 1", n, err)
	}
}
