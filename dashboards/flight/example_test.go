package flight_test

import (
	"context"
	"fmt"
	"net"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/flight/flightsql"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	setaraflight "github.com/setara-pug/setara/dashboards/flight"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

// Example serves a published snapshot over Flight SQL on a loopback port (no tokens: the
// caller is the local analyst) and queries it with the Go Flight SQL client.
func Example() {
	ctx := context.Background()
	w, err := snapshottest.OpenScratch(ctx, snapshottest.FixtureSQL)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer w.Close()
	if _, err := w.Publish(ctx, 1); err != nil {
		fmt.Println(err)
		return
	}
	store := snapshot.NewStore(w.Dir, snapshot.StoreOptions{})
	defer store.Close()
	if _, err := store.Refresh(ctx); err != nil {
		fmt.Println(err)
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	srv, err := setaraflight.New(store, setaraflight.Options{Addr: ln.Addr().String()})
	if err != nil {
		fmt.Println(err)
		return
	}
	serveCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(serveCtx, ln) }()
	defer func() { stop(); <-done }()

	client, err := flightsql.NewClient(ln.Addr().String(), nil, nil, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer client.Close()
	info, err := client.Execute(ctx, "SELECT region_code, name FROM region WHERE level <> 'district' ORDER BY region_code")
	if err != nil {
		fmt.Println(err)
		return
	}
	rdr, err := client.DoGet(ctx, info.Endpoint[0].Ticket)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rdr.Release()
	for rdr.Next() {
		rec := rdr.RecordBatch()
		codes, names := rec.Column(0).(*array.String), rec.Column(1).(*array.String)
		for i := 0; i < int(rec.NumRows()); i++ {
			fmt.Println(codes.Value(i), names.Value(i))
		}
	}
	_, err = client.Execute(ctx, "DROP TABLE region")
	fmt.Println(err)
	// Output:
	// 12 Sumatera Utara
	// 1275 Kota Medan
	// rpc error: code = InvalidArgument desc = query refused: only a single SELECT statement is allowed
}
