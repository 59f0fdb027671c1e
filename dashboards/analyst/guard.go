package analyst

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// RefusedError is returned when a query is not a single read-only SELECT. Reason is one line
// meant for the person who wrote the query.
type RefusedError struct {
	Reason string
}

func (e *RefusedError) Error() string { return "query refused: " + e.Reason }

func refuse(format string, args ...any) error {
	return &RefusedError{Reason: fmt.Sprintf(format, args...)}
}

// queryNodeTypes are the statement node types of a read-only query.
var queryNodeTypes = map[string]bool{
	"SELECT_NODE":        true,
	"SET_OPERATION_NODE": true,
	"RECURSIVE_CTE_NODE": true,
	"CTE_NODE":           true,
}

// fileFunctions are table and scalar functions that read files or run SQL text the guard
// cannot see. The snapshot connection refuses file access anyway; naming them here gives
// the analyst a clear reason instead of a permission error.
var fileFunctions = map[string]bool{
	"glob":              true,
	"sniff_csv":         true,
	"query":             true,
	"query_table":       true,
	"getenv":            true,
	"iceberg_scan":      true,
	"iceberg_metadata":  true,
	"iceberg_snapshots": true,
	"delta_scan":        true,
}

// serverFunctions show the server's paths, settings or secrets, or change its state
// (checkpoint), and json_execute_serialized_sql runs a query the guard cannot see.
var serverFunctions = map[string]bool{
	"current_setting":             true,
	"duckdb_settings":             true,
	"duckdb_databases":            true,
	"duckdb_secrets":              true,
	"which_secret":                true,
	"duckdb_extensions":           true,
	"duckdb_temporary_files":      true,
	"duckdb_logs":                 true,
	"duckdb_log_contexts":         true,
	"pragma_database_list":        true,
	"checkpoint":                  true,
	"force_checkpoint":            true,
	"json_execute_serialized_sql": true,
}

func isServerFunction(name string) bool { return serverFunctions[strings.ToLower(name)] }

func isFileFunction(name string) bool {
	name = strings.ToLower(name)
	return fileFunctions[name] ||
		strings.HasPrefix(name, "read_") ||
		strings.HasPrefix(name, "parquet_") ||
		strings.HasSuffix(name, "_scan")
}

// serialized is the part of json_serialize_sql's answer the guard reads.
type serialized struct {
	Error        bool   `json:"error"`
	ErrorType    string `json:"error_type"`
	ErrorMessage string `json:"error_message"`
	Statements   []struct {
		Node json.RawMessage `json:"node"`
	} `json:"statements"`
}

// Guard accepts sqlText only if DuckDB parses it as exactly one SELECT statement that calls no
// file-reading function and scans no file path. It returns a *RefusedError for a query it
// refuses, or another error when the parser could not be asked.
func Guard(ctx context.Context, db *sql.DB, sqlText string) error {
	_, err := guard(ctx, db, sqlText)
	return err
}

// Bound guards sqlText like Guard and returns the query to run instead: DuckDB's own rendering
// of the parsed statement (no comments, no ';') wrapped as
// SELECT * FROM (...) AS setara_bounded LIMIT maxRows+1, and guarded again. The duckdb driver
// materializes a whole result before the first row is read, so without the LIMIT a huge
// result would be built in memory before the row limit could cut it.
func Bound(ctx context.Context, db *sql.DB, sqlText string, maxRows int) (string, error) {
	tree, err := guard(ctx, db, sqlText)
	if err != nil {
		return "", err
	}
	var inner string
	if err := db.QueryRowContext(ctx, "SELECT json_deserialize_sql(?::JSON)", tree).Scan(&inner); err != nil {
		return "", fmt.Errorf("guard: render query: %w", err)
	}
	bounded := "SELECT * FROM (" + inner + ") AS setara_bounded LIMIT " + strconv.Itoa(maxRows+1)
	if _, err := guard(ctx, db, bounded); err != nil {
		// DuckDB could not parse its own rendering back: refuse rather than run unbounded.
		return "", refuse("the query cannot be run with a row limit (%v)", err)
	}
	return bounded, nil
}

// guard checks sqlText and returns json_serialize_sql's answer for it.
func guard(ctx context.Context, db *sql.DB, sqlText string) (string, error) {
	if strings.TrimSpace(sqlText) == "" {
		return "", refuse("the query is empty")
	}
	var text string
	err := db.QueryRowContext(ctx, "SELECT CAST(json_serialize_sql(?::VARCHAR) AS VARCHAR)", sqlText).Scan(&text)
	if err != nil {
		return "", fmt.Errorf("guard: parse query: %w", err)
	}
	var s serialized
	if err := json.Unmarshal([]byte(text), &s); err != nil {
		return "", fmt.Errorf("guard: read parser answer: %w", err)
	}
	if s.Error {
		if s.ErrorType == "parser" {
			return "", refuse("syntax error: %s", firstLine(s.ErrorMessage))
		}
		// json_serialize_sql serializes SELECT statements only; anything else (COPY, SET,
		// PRAGMA, ATTACH, CREATE, ..., alone or after a SELECT) lands here.
		return "", refuse("only a single SELECT statement is allowed")
	}
	switch len(s.Statements) {
	case 0:
		return "", refuse("the query is empty")
	case 1:
	default:
		return "", refuse("only a single SELECT statement is allowed (found %d statements)", len(s.Statements))
	}
	var root struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(s.Statements[0].Node, &root); err != nil {
		return "", fmt.Errorf("guard: read parser answer: %w", err)
	}
	if !queryNodeTypes[root.Type] {
		return "", refuse("only a single SELECT statement is allowed (found %s)", root.Type)
	}
	var tree any
	if err := json.Unmarshal(s.Statements[0].Node, &tree); err != nil {
		return "", fmt.Errorf("guard: read parser answer: %w", err)
	}
	return text, checkTree(tree)
}

// checkTree walks the parse tree for calls of file functions and for table names that are
// file paths (FROM 'data.csv' is a replacement scan of a file).
func checkTree(n any) error {
	switch v := n.(type) {
	case map[string]any:
		if name, ok := v["function_name"].(string); ok && isFileFunction(name) {
			return refuse("function %s reads files or runs SQL text; only the snapshot's tables can be queried", name)
		}
		if name, ok := v["function_name"].(string); ok && isServerFunction(name) {
			return refuse("function %s shows or changes the server's settings; only the snapshot's tables can be queried", name)
		}
		if v["type"] == "BASE_TABLE" {
			if name, ok := v["table_name"].(string); ok && (name == "" || strings.ContainsAny(name, `./\:`)) {
				return refuse("%q looks like a file; only the snapshot's tables can be queried", name)
			}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys) // the first violation found is the same on every run
		for _, k := range keys {
			if err := checkTree(v[k]); err != nil {
				return err
			}
		}
	case []any:
		for _, child := range v {
			if err := checkTree(child); err != nil {
				return err
			}
		}
	}
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
