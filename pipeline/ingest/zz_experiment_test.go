package ingest

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TEMPORARY experiment harness (removed before hand-off).
func TestSQLScript(t *testing.T) {
	script := os.Getenv("SQL_SCRIPT")
	if script == "" {
		t.Skip()
	}
	n, _ := strconv.Atoi(os.Getenv("SETARA_BENCH_ROWS"))
	db := openWarehouse(t)
	path := fmt.Sprintf("/tmp/exp/micro_%d.csv", n)
	if _, err := os.Stat(path); err != nil {
		b := &testing.B{}
		_ = b
		if _, err := db.Exec(`COPY (SELECT '1275' || lpad(((1 + i % 21) * 10)::VARCHAR, 3, '0') AS region_code, 2024 AS year, 'p' || i AS person_id,
		round(100 + (i % 997) / 10, 3) AS weight, CASE WHEN i % 2 = 0 THEN 'P' ELSE 'L' END AS sex, (15 + i % 80) AS age,
		round((i % 160) / 10, 1) AS years_schooling, i % 8 AS highest_education,
		CASE i % 3 WHEN 0 THEN 'employed' WHEN 1 THEN 'unemployed' ELSE 'not_in_labour_force' END AS labour_force_status,
		CASE WHEN i % 3 = 0 THEN (i % 10)::VARCHAR END AS occupation_group,
		CASE WHEN i % 3 = 0 THEN 1000000 + i % 9000000 END AS earnings,
		CASE WHEN i % 2 = 0 THEN 'true' ELSE 'false' END AS ever_married,
		NULL AS last_birth_in_facility, NULL AS age_at_first_birth
		FROM range(?) t(i)) TO '`+path+`' (HEADER)`, n); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	conn, _ := db.Conn(ctx)
	defer conn.Close()
	conn.ExecContext(ctx, `SET VARIABLE ingest_path = '`+path+`'`)
	if _, err := execFile(ctx, conn, "session.sql"); err != nil {
		t.Fatal(err)
	}
	execFile(ctx, conn, "number_point.sql")
	body, _ := os.ReadFile(script)
	for _, st := range strings.Split(string(body), ";\n") {
		if strings.TrimSpace(st) == "" {
			continue
		}
		t0 := time.Now()
		if strings.HasPrefix(strings.TrimSpace(st), "EXPLAIN") || strings.HasPrefix(strings.TrimSpace(st), "SELECT") {
			rows, err := conn.QueryContext(ctx, st)
			if err != nil {
				t.Fatalf("%s: %v", st, err)
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptr := make([]any, len(cols))
				for i := range vals {
					ptr[i] = &vals[i]
				}
				rows.Scan(ptr...)
				for _, v := range vals {
					fmt.Println(v)
				}
			}
			rows.Close()
		} else if _, err := conn.ExecContext(ctx, st); err != nil {
			t.Fatalf("%s: %v", st, err)
		}
		first, _, _ := strings.Cut(strings.TrimSpace(st), "\n")
		fmt.Printf("%7.2fs  %s\n", time.Since(t0).Seconds(), first)
	}
}
