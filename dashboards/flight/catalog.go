package flight

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/flight"
	"github.com/apache/arrow-go/v18/arrow/flight/flightsql"
	"github.com/apache/arrow-go/v18/arrow/flight/flightsql/schema_ref"

	"github.com/setara-pug/setara/dashboards/analyst"
	"github.com/setara-pug/setara/pipeline/snapshot"
)

// GetFlightInfoCatalogs hands out the ticket of DoGetCatalogs.
func (s *Server) GetFlightInfoCatalogs(_ context.Context, desc *flight.FlightDescriptor) (*flight.FlightInfo, error) {
	return s.metaInfo(desc, schema_ref.Catalogs), nil
}

// DoGetCatalogs lists the snapshot's catalog.
func (s *Server) DoGetCatalogs(ctx context.Context) (*arrow.Schema, <-chan flight.StreamChunk, error) {
	return s.metaRows(ctx, schema_ref.Catalogs, "sql/catalogs.sql", nil)
}

// GetFlightInfoSchemas hands out the ticket of DoGetDBSchemas.
func (s *Server) GetFlightInfoSchemas(_ context.Context, _ flightsql.GetDBSchemas, desc *flight.FlightDescriptor) (*flight.FlightInfo, error) {
	return s.metaInfo(desc, schema_ref.DBSchemas), nil
}

// DoGetDBSchemas lists the schemas matching the client's filters.
func (s *Server) DoGetDBSchemas(ctx context.Context, cmd flightsql.GetDBSchemas) (*arrow.Schema, <-chan flight.StreamChunk, error) {
	return s.metaRows(ctx, schema_ref.DBSchemas, "sql/schemas.sql", nil, nullable(cmd.GetCatalog()), nullable(cmd.GetDBSchemaFilterPattern()))
}

// GetFlightInfoTables hands out the ticket of DoGetTables.
func (s *Server) GetFlightInfoTables(_ context.Context, cmd flightsql.GetTables, desc *flight.FlightDescriptor) (*flight.FlightInfo, error) {
	if cmd.GetIncludeSchema() {
		return s.metaInfo(desc, schema_ref.TablesWithIncludedSchema), nil
	}
	return s.metaInfo(desc, schema_ref.Tables), nil
}

// DoGetTables lists the tables matching the client's filters, with their Arrow schemas when
// asked.
func (s *Server) DoGetTables(ctx context.Context, cmd flightsql.GetTables) (*arrow.Schema, <-chan flight.StreamChunk, error) {
	schema := schema_ref.Tables
	var extra func(ctx context.Context, r *snapshot.Reader, row []string) ([]byte, error)
	if cmd.GetIncludeSchema() {
		schema = schema_ref.TablesWithIncludedSchema
		extra = s.tableSchema
	}
	keep := func(row []string) bool {
		types := cmd.GetTableTypes()
		return len(types) == 0 || slices.ContainsFunc(types, func(t string) bool { return strings.EqualFold(t, row[3]) })
	}
	return s.metaRowsFiltered(ctx, schema, "sql/tables.sql", keep, extra,
		nullable(cmd.GetCatalog()), nullable(cmd.GetDBSchemaFilterPattern()), nullable(cmd.GetTableNameFilterPattern()))
}

// GetFlightInfoTableTypes hands out the ticket of DoGetTableTypes.
func (s *Server) GetFlightInfoTableTypes(_ context.Context, desc *flight.FlightDescriptor) (*flight.FlightInfo, error) {
	return s.metaInfo(desc, schema_ref.TableTypes), nil
}

// DoGetTableTypes lists the kinds of table in the snapshot.
func (s *Server) DoGetTableTypes(ctx context.Context) (*arrow.Schema, <-chan flight.StreamChunk, error) {
	return s.metaRows(ctx, schema_ref.TableTypes, "sql/table_types.sql", nil)
}

func (s *Server) metaInfo(desc *flight.FlightDescriptor, schema *arrow.Schema) *flight.FlightInfo {
	info := infoFor(desc, desc.Cmd)
	info.Schema = flight.SerializeSchema(schema, s.mem)
	return info
}

func nullable(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func (s *Server) metaRows(ctx context.Context, schema *arrow.Schema, file string, keep func([]string) bool, args ...any) (*arrow.Schema, <-chan flight.StreamChunk, error) {
	return s.metaRowsFiltered(ctx, schema, file, keep, nil, args...)
}

// metaRowsFiltered runs one catalog query of sql/ (string columns in the order of schema) on
// the current snapshot and sends its rows kept by keep (nil: all) as one record batch; extra,
// when set, gives the last, binary column of each row. These answers are a few dozen rows.
func (s *Server) metaRowsFiltered(ctx context.Context, schema *arrow.Schema, file string, keep func([]string) bool,
	extra func(context.Context, *snapshot.Reader, []string) ([]byte, error), args ...any,
) (*arrow.Schema, <-chan flight.StreamChunk, error) {
	r, release, err := s.store.Acquire()
	if err != nil {
		return nil, nil, grpcError(err)
	}
	defer release()
	b := array.NewRecordBuilder(s.mem, schema)
	defer b.Release()
	strCols := schema.NumFields()
	if extra != nil {
		strCols--
	}
	err = snapshot.Each(ctx, r.DB, sqlFiles, file, func(rows *sql.Rows) error {
		row := make([]string, strCols)
		ptrs := make([]any, strCols)
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if keep != nil && !keep(row) {
			return nil
		}
		for i, v := range row {
			b.Field(i).(*array.StringBuilder).Append(v)
		}
		if extra != nil {
			blob, err := extra(ctx, r, row)
			if err != nil {
				return err
			}
			b.Field(strCols).(*array.BinaryBuilder).Append(blob)
		}
		return nil
	}, args...)
	if err != nil {
		return nil, nil, grpcError(err)
	}
	rec := b.NewRecordBatch()
	ch := make(chan flight.StreamChunk, 1)
	ch <- flight.StreamChunk{Data: rec}
	close(ch)
	return schema, ch, nil
}

// tableSchema is the serialized Arrow schema of one table, as DuckDB's Arrow interface gives
// it for the table's rows (row: catalog, schema, table, type). The names come from the
// snapshot's own information_schema and are quoted; the query still goes through the guard.
func (s *Server) tableSchema(ctx context.Context, r *snapshot.Reader, row []string) ([]byte, error) {
	query := "SELECT * FROM " + quoteIdent(row[0]) + "." + quoteIdent(row[1]) + "." + quoteIdent(row[2]) + " LIMIT 0"
	var schema *arrow.Schema
	_, err := analyst.StreamArrow(ctx, r.DB, r.Path, analyst.Query{SQL: query, Timeout: s.opts.QueryTimeout, MaxRows: 1},
		func(sc *arrow.Schema) error { schema = sc; return nil },
		func(arrow.RecordBatch) error { return nil })
	if err != nil {
		return nil, err
	}
	return flight.SerializeSchema(schema, s.mem), nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
