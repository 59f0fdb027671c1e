// Package web is setara's built-in web dashboard: server-rendered HTML pages (html/template)
// with inline SVG charts, in Bahasa Indonesia (default) and English (?lang=en), read from the
// current published snapshot.
//
// Pages: "/" (Ringkasan: headline indices and their trend), "/wilayah" (compare kecamatan or
// kabupaten/kota), "/indikator" (one indicator by sex over time with its gender gap),
// "/program" (OPD gender-responsive budgeting), "/data" (refresh status, batches, rejected rows,
// completeness). Every table downloads as CSV or XLSX from /download/<table>.csv|xlsx with the
// same query parameters. Numbers, dates, labels, the downloads and the charts come from
// dashboards/present, as in the report. Static assets are served from /static/ and need no
// JavaScript.
//
// The handler reads only the published snapshot tables listed in ARCHITECTURE.md, acquiring the
// current snapshot for the duration of one request so a switch never mixes two snapshots.
//
//	store := snapshot.NewStore(dir, snapshot.StoreOptions{Logger: logger})
//	mux.Handle("/", web.NewHandler(store, web.Options{Logger: logger, Now: time.Now}))
//
// It belongs to the read side (dashboards/); its SQL lives beside it in sql/ and its words and
// number forms come from dashboards/present.
package web
