package metrics_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/setara-pug/setara/dashboards/metrics"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/snapshot/snapshottest"
)

// The server keeps one Cache, rebuilt whenever the store switches to a new snapshot; a scrape
// of /metrics writes Bytes. Here the cache is built from the test fixture's snapshot and its
// gender index series are printed.
func Example() {
	ctx := context.Background()
	wh, err := snapshottest.OpenScratch(ctx, snapshottest.FixtureSQL)
	if err != nil {
		log.Fatal(err)
	}
	defer wh.Close()
	if _, err := wh.Publish(ctx, 1); err != nil {
		log.Fatal(err)
	}

	store := snapshot.NewStore(wh.Dir, snapshot.StoreOptions{})
	defer store.Close()
	cache := metrics.NewCache(metrics.Options{
		Now: func() time.Time { return time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC) },
	})
	store.OnSwitch(func(r *snapshot.Reader) { cache.Rebuild(ctx, r.DB, r.ID) })
	if _, err := store.Refresh(ctx); err != nil {
		log.Fatal(err)
	}

	sc := bufio.NewScanner(bytes.NewReader(cache.Bytes()))
	for sc.Scan() {
		if line := sc.Text(); strings.Contains(line, "setara_gender_index ") || strings.Contains(line, "setara_gender_index{") {
			fmt.Println(sc.Text())
		}
	}
	// Output:
	// # HELP setara_gender_index Gender index value computed by setara (IPG, IDG on 0-100; IKG, GDI, GII, HDI on 0-1).
	// # TYPE setara_gender_index gauge
	// setara_gender_index{index="ikg",region="1275",region_name="Kota Medan",year="2023"} 0.125
	// setara_gender_index{index="ipg",region="1275",region_name="Kota Medan",year="2022"} 94.5
	// setara_gender_index{index="ipg",region="1275",region_name="Kota Medan",year="2023"} 94.75
}
