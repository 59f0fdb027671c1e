package present

import (
	"encoding/csv"
	"strings"
	"testing"
)

// TestCSVProvenanceCannotInject: a provenance value holding the separator, quotes and a
// formula stays one text field starting with "#" in both dialects, so a spreadsheet opens it
// as text, and a reader skipping "#" lines gets exactly the table.
func TestCSVProvenanceCannotInject(t *testing.T) {
	tb := &Table{Cols: []Column{{Header: "a", Kind: KText}, {Header: "b", Kind: KNum}},
		Rows: []Row{{Cells: []Cell{{Text: `#1 Dinas; "A", B`}, {Value: -1.5}}}}}
	meta := &Provenance{Snapshot: "run-1", Filters: []Filter{{Name: "Wilayah", Value: `x;=HYPERLINK("http://e"),"y"` + "\n=1+1"}}, Rows: 1, TotalRows: 1}
	for _, id := range []bool{true, false} {
		var b strings.Builder
		if err := tb.WriteCSVWith(&b, CSVOptions{Indonesian: id, Meta: meta, Lang: ID}); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff")))
		r.FieldsPerRecord = -1
		if id {
			r.Comma = ';'
		}
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := map[bool]string{true: "-1,5", false: "-1.5"}[id]
		if len(recs) < 3 || recs[1][1] != want {
			t.Fatalf("indonesian=%v: records %q, want the number %s", id, recs, want)
		}
		for _, rec := range recs[2:] {
			if len(rec) != 1 || !strings.HasPrefix(rec[0], "# ") {
				t.Errorf("indonesian=%v: provenance line read as %q, want one field starting with \"# \"", id, rec)
			}
		}
		r = csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff")))
		r.Comment = '#'
		if id {
			r.Comma = ';'
		}
		if recs, err := r.ReadAll(); err != nil || len(recs) != 2 || recs[1][0] != `#1 Dinas; "A", B` {
			t.Errorf("indonesian=%v: skipping comments reads %q (%v), want the header and the row whole", id, recs, err)
		}
	}
}
