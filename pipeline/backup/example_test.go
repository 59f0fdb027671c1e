package backup_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/setara-pug/setara/pipeline/backup"
	"github.com/setara-pug/setara/pipeline/stages"
	"github.com/setara-pug/setara/pipeline/warehouse/warehousetest"
)

// A backup of a warehouse with one published run, checked and restored elsewhere.
func Example() {
	ctx := context.Background()
	s, err := warehousetest.Open(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(s.Dir)
	s.Load(ctx, "uhh.csv", "region_code,year,indicator,sex,value\n1275,2024,life_expectancy,P,74.5\n")
	stages.Run(ctx, s.Warehouse, stages.Options{Trigger: "example", Now: s.Now})
	s.Warehouse.Close()

	out := filepath.Join(s.Dir, "backup")
	m, err := backup.Write(ctx, backup.Options{DB: s.Path, Out: out, Version: "example", Now: s.Now})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range m.Files {
		fmt.Println(f.Path)
	}
	if _, err := backup.Restore(ctx, out, filepath.Join(s.Dir, "restored", "setara.duckdb")); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("restored, created", m.CreatedAt.Format("2006-01-02 15:04"))
	// Output:
	// published/CURRENT
	// published/run-000001.duckdb
	// warehouse/setara.duckdb
	// restored, created 2026-11-29 02:00
}
