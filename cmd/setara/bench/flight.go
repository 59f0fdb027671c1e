//go:build duckdb_arrow

package bench

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/flight/flightsql"
	"github.com/duckdb/duckdb-go/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/setara-pug/setara/dashboards/analyst"
	"github.com/setara-pug/setara/dashboards/flight"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// flightRows bounds the Flight SQL figure's result: above its 1 M rows, so nothing is cut.
const flightRows = 2_000_000

// stepFlight serves the current snapshot of spec.DB's published directory over Flight SQL on
// a loopback port and streams sql/flight_1m.sql to a Go Flight SQL client in the same process,
// which counts the rows of each batch and drops it.
func stepFlight(ctx context.Context, spec Spec) (StepResult, error) {
	store := snapshot.NewStore(warehouse.PublishedDir(spec.DB), snapshot.StoreOptions{})
	defer store.Close()
	if _, err := store.Refresh(ctx); err != nil {
		return StepResult{}, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return StepResult{}, err
	}
	srv, err := flight.New(store, flight.Options{Addr: ln.Addr().String(), MaxRows: flightRows, QueryTimeout: 10 * time.Minute})
	if err != nil {
		ln.Close()
		return StepResult{}, err
	}
	serveCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(serveCtx, ln) }()
	defer func() { stop(); <-done }()
	client, err := flightsql.NewClient(ln.Addr().String(), nil, nil, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return StepResult{}, err
	}
	defer client.Close()
	start := time.Now()
	info, err := client.Execute(ctx, sqlText("sql/flight_1m.sql"))
	if err != nil {
		return StepResult{}, err
	}
	rdr, err := client.DoGet(ctx, info.Endpoint[0].Ticket)
	if err != nil {
		return StepResult{}, err
	}
	defer rdr.Release()
	var rows int64
	for rdr.Next() {
		rows += rdr.RecordBatch().NumRows()
	}
	if err := rdr.Err(); err != nil {
		return StepResult{}, err
	}
	return StepResult{Seconds: time.Since(start).Seconds(), Rows: rows}, nil
}

// stepNativeArrow is the yardstick of stepFlight: the same query on the same snapshot through
// duckdb-go's Arrow interface, each batch counted and dropped.
func stepNativeArrow(ctx context.Context, spec Spec) (StepResult, error) {
	db, _, err := openCurrent(ctx, spec)
	if err != nil {
		return StepResult{}, err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return StepResult{}, err
	}
	defer conn.Close()
	start := time.Now()
	var rows int64
	err = conn.Raw(func(dc any) error {
		drv, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		a, err := duckdb.NewArrowFromConn(drv)
		if err != nil {
			return err
		}
		rr, err := a.QueryContext(ctx, sqlText("sql/flight_1m.sql"))
		if err != nil {
			return err
		}
		defer rr.Release()
		for rr.Next() {
			rows += rr.RecordBatch().NumRows()
		}
		return rr.Err()
	})
	if err != nil {
		return StepResult{}, err
	}
	return StepResult{Seconds: time.Since(start).Seconds(), Rows: rows}, nil
}

// stepStreamArrow is the server's side of stepFlight without the network: the same query on
// the same snapshot through analyst.StreamArrow (DuckDB's streaming result, each chunk
// exported to Arrow), each batch counted and dropped.
func stepStreamArrow(ctx context.Context, spec Spec) (StepResult, error) {
	db, path, err := openCurrent(ctx, spec)
	if err != nil {
		return StepResult{}, err
	}
	defer db.Close()
	start := time.Now()
	var rows int64
	_, err = analyst.StreamArrow(ctx, db, path, analyst.Query{SQL: sqlText("sql/flight_1m.sql"), MaxRows: flightRows, Timeout: 10 * time.Minute},
		func(*arrow.Schema) error { return nil },
		func(rec arrow.RecordBatch) error { rows += rec.NumRows(); return nil })
	if err != nil {
		return StepResult{}, err
	}
	return StepResult{Seconds: time.Since(start).Seconds(), Rows: rows}, nil
}

// openCurrent opens the current snapshot of spec.DB's published directory read-only, as the
// server does, and returns it with its path.
func openCurrent(ctx context.Context, spec Spec) (*sql.DB, string, error) {
	path, err := snapshot.Current(warehouse.PublishedDir(spec.DB))
	if err != nil {
		return nil, "", err
	}
	db, err := snapshot.OpenReadOnly(ctx, path)
	return db, path, err
}
