package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/flight/flightsql"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

func TestServeFlightAddrAnswersFlightSQL(t *testing.T) {
	db := publishedDB(t)
	pr, pw := io.Pipe()
	var errOut bytes.Buffer
	env := testEnv(nil, &errOut)
	env.Stdout = pw
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	exit := make(chan int, 1)
	go func() {
		exit <- Execute(ctx, env, []string{"--db", db, "serve", "--addr", "127.0.0.1:0", "--flight-addr", "127.0.0.1:0"})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	const marker = "Arrow Flight SQL on grpc://"
	i := strings.Index(line, marker)
	if err != nil || i < 0 {
		t.Fatalf("printed %q (%v); stderr %s", line, err, errOut.String())
	}
	go io.Copy(io.Discard, pr)
	client, err := flightsql.NewClient(strings.TrimSpace(line[i+len(marker):]), nil, nil, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	info, err := client.Execute(ctx, "SELECT count(*) AS n FROM snapshot_info")
	if err != nil {
		t.Fatal(err)
	}
	rdr, err := client.DoGet(ctx, info.Endpoint[0].Ticket)
	if err != nil {
		t.Fatal(err)
	}
	n := int64(0)
	for rdr.Next() {
		n += rdr.RecordBatch().NumRows()
	}
	rdr.Release()
	if n != 1 {
		t.Errorf("got %d rows, want 1", n)
	}
	cancel()
	if code := <-exit; code != ExitOK {
		t.Errorf("serve exit %d after cancel; stderr %s", code, errOut.String())
	}
}

func TestServeRefusesOpenFlightAddrWithoutTokens(t *testing.T) {
	code, _, errOut := execute("--db", t.TempDir()+"/w.duckdb", "serve", "--flight-addr", "0.0.0.0:0")
	if code != ExitUsage || !strings.Contains(errOut, "--flight-addr") || !strings.Contains(errOut, "without tokens") {
		t.Errorf("exit %d stderr %s", code, errOut)
	}
}
