package demo

import (
	"bufio"
	"context"
	"database/sql"
	_ "embed"
	"encoding/csv"
	"fmt"
	"os"
	"strings"

	"github.com/setara-pug/setara/pipeline/durable"
)

//go:embed parquet.sql
var parquetSQL string

// columnTypes are the DuckDB types of every column of the four input kinds.
var columnTypes = map[string]string{
	"region_code": "VARCHAR", "name": "VARCHAR", "level": "VARCHAR", "parent_code": "VARCHAR",
	"year": "INTEGER", "indicator": "VARCHAR", "sex": "VARCHAR", "value": "DOUBLE",
	"source": "VARCHAR", "note": "VARCHAR",
	"person_id": "VARCHAR", "weight": "DOUBLE", "age": "INTEGER", "years_schooling": "DOUBLE",
	"highest_education": "TINYINT", "labour_force_status": "VARCHAR", "occupation_group": "TINYINT",
	"earnings": "DOUBLE", "ever_married": "BOOLEAN", "last_birth_in_facility": "BOOLEAN",
	"age_at_first_birth": "INTEGER", "psu": "VARCHAR", "strata": "VARCHAR", "months_since_last_birth": "INTEGER",
	"opd_code": "VARCHAR", "opd_name": "VARCHAR",
	"program": "VARCHAR", "activity": "VARCHAR",
	"budget": "DOUBLE", "realization": "DOUBLE", "gender_responsive": "BOOLEAN",
	"target_groups": "VARCHAR", "output_indicator": "VARCHAR", "output_target": "DOUBLE",
	"output_realized": "DOUBLE", "beneficiaries_male": "BIGINT", "beneficiaries_female": "BIGINT",
}

// WriteParquet converts a CSV file written by Write into a Parquet file with typed columns
// (region codes stay text), using DuckDB's COPY on db. For benchmarks of the Parquet path.
func WriteParquet(ctx context.Context, db *sql.DB, csvPath, parquetPath string) error {
	header, err := readHeader(csvPath)
	if err != nil {
		return fmt.Errorf("parquet %s: %w", csvPath, err)
	}
	var cols []string
	for _, h := range header {
		typ, ok := columnTypes[h]
		if !ok {
			return fmt.Errorf("parquet %s: unknown column %q", csvPath, h)
		}
		cols = append(cols, "'"+h+"': '"+typ+"'")
	}
	tmp := parquetPath + ".tmp"
	q := strings.NewReplacer(
		"{{types}}", "{"+strings.Join(cols, ", ")+"}",
		"{{target}}", "'"+strings.ReplaceAll(tmp, "'", "''")+"'",
	).Replace(parquetSQL)

	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("parquet %s: %w", csvPath, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET VARIABLE demo_csv = ?", csvPath); err != nil {
		return fmt.Errorf("parquet %s: %w", csvPath, err)
	}
	if _, err := conn.ExecContext(ctx, q); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("parquet %s: %w", csvPath, err)
	}
	if err := durable.Rename(tmp, parquetPath); err != nil {
		return fmt.Errorf("parquet %s: %w", csvPath, err)
	}
	return nil
}

func readHeader(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csv.NewReader(bufio.NewReader(f)).Read()
}
