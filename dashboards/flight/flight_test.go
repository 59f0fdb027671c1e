package flight_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/flight"
	"github.com/apache/arrow-go/v18/arrow/flight/flightsql"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	setaraflight "github.com/setara-pug/setara/dashboards/flight"
	"github.com/setara-pug/setara/dashboards/server"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

const (
	analystToken = "analyst-token-0123456789"
	viewerToken  = "viewer-token-0123456789"
	adminToken   = "admin-token-0123456789ab"
)

var testTokens = []server.Token{
	{Role: server.RoleAnalyst, Value: analystToken, Name: "ana"},
	{Role: server.RoleViewer, Value: viewerToken, Name: "vic"},
	{Role: server.RoleAdmin, Value: adminToken, Name: "adi"},
}

// fixture is a real Flight SQL server on a loopback port and the HTTP server beside it, both
// over the same published snapshot.
type fixture struct {
	store  *snapshot.Store
	client *flightsql.Client
	http   http.Handler
}

func newFixture(t *testing.T, maxRows int) *fixture {
	t.Helper()
	w := snapshottest.NewWarehouse(t)
	w.Publish(1)
	store := snapshot.NewStore(w.Dir, snapshot.StoreOptions{})
	t.Cleanup(func() { store.Close() })
	if _, err := store.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fs, err := setaraflight.New(store, setaraflight.Options{Addr: ln.Addr().String(), Tokens: testTokens, MaxRows: maxRows})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- fs.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	client, err := flightsql.NewClient(ln.Addr().String(), nil, nil, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	hs, err := server.New(store, server.Options{Tokens: testTokens, MaxRows: maxRows})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{store: store, client: client, http: hs.Handler()}
}

func withToken(ctx context.Context, token string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
}

// fetch reads every endpoint of info into JSON-shaped rows (numbers as float64).
func fetch(ctx context.Context, t *testing.T, c *flightsql.Client, info *flight.FlightInfo) (cols []string, rows [][]any, batches int) {
	t.Helper()
	for _, ep := range info.Endpoint {
		rdr, err := c.DoGet(ctx, ep.Ticket)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rdr.Schema().Fields() {
			cols = append(cols, f.Name)
		}
		for rdr.Next() {
			batches++
			rows = append(rows, jsonRows(t, rdr.RecordBatch())...)
		}
		if err := rdr.Err(); err != nil {
			t.Fatal(err)
		}
		rdr.Release()
	}
	return cols, rows, batches
}

func jsonRows(t *testing.T, rec arrow.RecordBatch) [][]any {
	t.Helper()
	var out [][]any
	for i := 0; i < int(rec.NumRows()); i++ {
		row := make([]any, rec.NumCols())
		for j := range row {
			row[j] = rec.Column(j).GetOneForMarshal(i)
		}
		b, err := json.Marshal(row)
		if err != nil {
			t.Fatal(err)
		}
		var back []any
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		out = append(out, back)
	}
	return out
}

// apiQuery is POST /api/query's JSON answer for sqlText and params.
func (f *fixture) apiQuery(t *testing.T, sqlText string, params ...any) (cols []string, rows [][]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"sql": sqlText, "params": append([]any{}, params...)})
	req := httptest.NewRequest(http.MethodPost, "/api/query", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+analystToken)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	f.http.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("/api/query %q: %d %s", sqlText, rec.Code, rec.Body)
	}
	var doc struct {
		Columns []string `json:"columns"`
		Rows    [][]any  `json:"rows"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Columns, doc.Rows
}

func TestStatementAnswersLikeAPIQuery(t *testing.T) {
	f := newFixture(t, 0)
	ctx := withToken(context.Background(), analystToken)
	for _, q := range []string{
		"SELECT region_code, year, indicator, sex, value, unit FROM indicator_value ORDER BY ALL",
		"SELECT r.name, g.index_code, g.value, g.complete FROM gender_index g JOIN region r USING (region_code) ORDER BY ALL",
	} {
		info, err := f.client.Execute(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, rows, _ := fetch(ctx, t, f.client, info)
		wantCols, wantRows := f.apiQuery(t, q)
		if len(rows) == 0 {
			t.Fatalf("%s: no rows", q)
		}
		if !reflect.DeepEqual(cols, wantCols) || !reflect.DeepEqual(rows, wantRows) {
			t.Errorf("%s:\nflight %v %v\n   api %v %v", q, cols, rows, wantCols, wantRows)
		}
	}
	// The admin role may query too.
	if _, err := f.client.Execute(withToken(context.Background(), adminToken), "SELECT 1"); err != nil {
		t.Errorf("admin: %v", err)
	}
}

func TestPreparedStatementWithParameters(t *testing.T) {
	f := newFixture(t, 0)
	ctx := withToken(context.Background(), analystToken)
	const q = "SELECT indicator, sex, value FROM indicator_value WHERE region_code = ? AND year >= ? ORDER BY ALL"
	stmt, err := f.client.Prepare(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close(ctx)
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{
		{Name: "region", Type: arrow.BinaryTypes.String}, {Name: "year", Type: arrow.PrimitiveTypes.Int64},
	}, nil))
	defer b.Release()
	b.Field(0).(*array.StringBuilder).Append("1275")
	b.Field(1).(*array.Int64Builder).Append(2000)
	params := b.NewRecordBatch()
	defer params.Release()
	stmt.SetParameters(params)
	info, err := stmt.Execute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, rows, _ := fetch(ctx, t, f.client, info)
	_, want := f.apiQuery(t, q, "1275", 2000)
	if len(rows) == 0 || !reflect.DeepEqual(rows, want) {
		t.Errorf("prepared: %v\nwant %v", rows, want)
	}
	// Another caller may not run it.
	other := withToken(context.Background(), adminToken)
	rdr, err := f.client.DoGet(other, info.Endpoint[0].Ticket)
	if err == nil {
		for rdr.Next() {
		}
		err = rdr.Err()
		rdr.Release()
	}
	if status.Code(err) != codes.NotFound {
		t.Errorf("another caller running the prepared statement: %v, want NotFound", err)
	}
}

func TestRefusals(t *testing.T) {
	f := newFixture(t, 0)
	analyst := withToken(context.Background(), analystToken)
	cases := []struct {
		name string
		ctx  context.Context
		sql  string
		code codes.Code
		msg  string
	}{
		{"no token", context.Background(), "SELECT 1", codes.Unauthenticated, "missing bearer token"},
		{"unknown token", withToken(context.Background(), "not-a-token-at-all-x"), "SELECT 1", codes.Unauthenticated, "unknown bearer token"},
		{"viewer", withToken(context.Background(), viewerToken), "SELECT 1", codes.PermissionDenied, "viewer role"},
		{"write", analyst, "CREATE TABLE x (i INTEGER)", codes.InvalidArgument, "single SELECT"},
		{"delete", analyst, "DELETE FROM region", codes.InvalidArgument, "single SELECT"},
		{"file read", analyst, "SELECT * FROM read_csv('/etc/passwd')", codes.InvalidArgument, "reads files"},
		{"two statements", analyst, "SELECT 1; SELECT 2", codes.InvalidArgument, "single SELECT"},
		{"unknown column", analyst, "SELECT nope FROM region", codes.InvalidArgument, "query failed"},
	}
	for _, c := range cases {
		_, err := f.client.Execute(c.ctx, c.sql)
		if err == nil {
			// A query the guard passes may still fail when it runs.
			var info *flight.FlightInfo
			info, err = f.client.Execute(c.ctx, c.sql)
			if err == nil {
				_, err = f.client.DoGet(c.ctx, info.Endpoint[0].Ticket)
			}
		}
		st, _ := status.FromError(err)
		if st.Code() != c.code || !strings.Contains(st.Message(), c.msg) {
			t.Errorf("%s: got %v %q, want %v containing %q", c.name, st.Code(), st.Message(), c.code, c.msg)
		}
	}
	if _, err := f.client.ExecuteUpdate(analyst, "DELETE FROM region"); status.Code(err) != codes.InvalidArgument {
		t.Errorf("update: %v", err)
	}
	if _, err := f.client.Prepare(analyst, "COPY region TO '/tmp/x.csv'"); status.Code(err) != codes.InvalidArgument {
		t.Errorf("prepare of a write: %v", err)
	}
	// The server still answers after every refusal.
	if _, err := f.client.Execute(analyst, "SELECT 1"); err != nil {
		t.Errorf("after the refusals: %v", err)
	}
}

func TestResultOfManyBatchesAndRowLimit(t *testing.T) {
	f := newFixture(t, 7000)
	ctx := withToken(context.Background(), analystToken)
	info, err := f.client.Execute(ctx, "SELECT range AS i, range * 2 AS j FROM range(5000) ORDER BY i")
	if err != nil {
		t.Fatal(err)
	}
	_, rows, batches := fetch(ctx, t, f.client, info)
	if batches < 2 || len(rows) != 5000 {
		t.Fatalf("got %d rows in %d batches, want 5000 in more than one", len(rows), batches)
	}
	for i, row := range rows {
		if row[0] != float64(i) || row[1] != float64(2*i) {
			t.Fatalf("row %d: %v", i, row)
		}
	}
	// Cut at the row limit, and said so in the trailer.
	info, err = f.client.Execute(ctx, "SELECT range AS i FROM range(10000)")
	if err != nil {
		t.Fatal(err)
	}
	var trailer metadata.MD
	rdr, err := f.client.DoGet(ctx, info.Endpoint[0].Ticket, grpc.Trailer(&trailer))
	if err != nil {
		t.Fatal(err)
	}
	n := int64(0)
	for rdr.Next() {
		n += rdr.RecordBatch().NumRows()
	}
	if err := rdr.Err(); err != nil {
		t.Fatal(err)
	}
	rdr.Release()
	if n != 7000 || strings.Join(trailer.Get("x-setara-truncated"), "") != "true" {
		t.Errorf("got %d rows, trailer %v; want 7000 rows and x-setara-truncated true", n, trailer)
	}
}

func TestClientCancelsMidStream(t *testing.T) {
	f := newFixture(t, 2_000_000)
	base := withToken(context.Background(), analystToken)
	for range 3 {
		ctx, cancel := context.WithCancel(base)
		info, err := f.client.Execute(ctx, "SELECT range AS i, repeat('x', 100) AS pad FROM range(1000000)")
		if err != nil {
			t.Fatal(err)
		}
		rdr, err := f.client.DoGet(ctx, info.Endpoint[0].Ticket)
		if err != nil {
			t.Fatal(err)
		}
		if !rdr.Next() {
			t.Fatalf("no first batch: %v", rdr.Err())
		}
		cancel()
		for rdr.Next() {
		}
		if err := rdr.Err(); status.Code(err) != codes.Canceled && !errors.Is(err, context.Canceled) {
			t.Errorf("after cancel: %v", err)
		}
		rdr.Release()
	}
	// Every connection of the cancelled streams goes back to the pool.
	r, release, err := f.store.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	deadline := time.Now().Add(30 * time.Second)
	for r.DB.Stats().InUse > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d snapshot connections still in use after the clients went away", r.DB.Stats().InUse)
		}
		time.Sleep(10 * time.Millisecond)
	}
	info, err := f.client.Execute(base, "SELECT count(*) AS n FROM region")
	if err != nil {
		t.Fatal(err)
	}
	if _, rows, _ := fetch(base, t, f.client, info); len(rows) != 1 {
		t.Errorf("next query: %v", rows)
	}
}

func TestMetadataCalls(t *testing.T) {
	f := newFixture(t, 0)
	ctx := withToken(context.Background(), analystToken)
	info, err := f.client.GetCatalogs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, catalogs, _ := fetch(ctx, t, f.client, info)
	if len(catalogs) != 1 || catalogs[0][0] != "run-000001" {
		t.Errorf("catalogs %v", catalogs)
	}
	main := "main"
	info, err = f.client.GetDBSchemas(ctx, &flightsql.GetDBSchemasOpts{DbSchemaFilterPattern: &main})
	if err != nil {
		t.Fatal(err)
	}
	if _, schemas, _ := fetch(ctx, t, f.client, info); len(schemas) != 1 || schemas[0][1] != "main" {
		t.Errorf("schemas %v", schemas)
	}
	pattern := "indicator%"
	info, err = f.client.GetTables(ctx, &flightsql.GetTablesOpts{TableNameFilterPattern: &pattern, IncludeSchema: true})
	if err != nil {
		t.Fatal(err)
	}
	rdr, err := f.client.DoGet(ctx, info.Endpoint[0].Ticket)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Release()
	found := false
	for rdr.Next() {
		rec := rdr.RecordBatch()
		names := rec.Column(2).(*array.String)
		blobs := rec.Column(4).(*array.Binary)
		for i := 0; i < names.Len(); i++ {
			if names.Value(i) != "indicator_value" {
				continue
			}
			found = true
			sc, err := flight.DeserializeSchema(blobs.Value(i), memory.DefaultAllocator)
			if err != nil {
				t.Fatal(err)
			}
			if idx := sc.FieldIndices("value"); len(idx) != 1 || sc.Field(idx[0]).Type.ID() != arrow.FLOAT64 {
				t.Errorf("indicator_value schema %s", sc)
			}
		}
	}
	if !found {
		t.Error("GetTables did not list indicator_value")
	}
	info, err = f.client.GetTableTypes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, types, _ := fetch(ctx, t, f.client, info); len(types) == 0 || types[0][0] != "BASE TABLE" {
		t.Errorf("table types %v", types)
	}
	info, err = f.client.GetSqlInfo(ctx, []flightsql.SqlInfo{flightsql.SqlInfoFlightSqlServerName, flightsql.SqlInfoFlightSqlServerReadOnly})
	if err != nil {
		t.Fatal(err)
	}
	_, infos, _ := fetch(ctx, t, f.client, info)
	if len(infos) != 2 || !strings.Contains(strings.ToLower(jsonText(infos)), "setara") {
		t.Errorf("sql info %v", infos)
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestRefusesOpenNonLoopback(t *testing.T) {
	store := snapshot.NewStore(t.TempDir(), snapshot.StoreOptions{})
	if _, err := setaraflight.New(store, setaraflight.Options{Addr: "0.0.0.0:31337"}); err == nil || !strings.Contains(err.Error(), "without tokens") {
		t.Errorf("non-loopback without tokens: %v", err)
	}
	if _, err := setaraflight.New(store, setaraflight.Options{Addr: "0.0.0.0:31337", Tokens: testTokens}); err != nil {
		t.Errorf("non-loopback with tokens: %v", err)
	}
}
