package stages

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/setara-pug/setara/queries"
)

func TestLoadEmbeddedStages(t *testing.T) {
	stageList, checks, err := Load(queries.Stages)
	if err != nil {
		t.Fatal(err)
	}
	done := map[string]bool{}
	created := map[string]bool{}
	for _, st := range stageList {
		for _, d := range st.Depends {
			if !done[d] {
				t.Errorf("stage %s runs before its dependency %s", st.Name, d)
			}
		}
		done[st.Name] = true
		created[st.Creates] = true
	}
	// Every computed snapshot table is declared by a stage (the run history copies and
	// snapshot_info come from the runner's history statement).
	for _, table := range publishedTables {
		switch table {
		case "run_history", "run_stage", "run_check", "snapshot_info", "indicator_catalog", "batch", "rejected_rows":
			continue
		}
		if !created["published."+table] {
			t.Errorf("no stage declares creates: published.%s", table)
		}
	}
	severities := map[string]int{}
	for _, c := range checks {
		severities[c.Severity]++
	}
	if severities[SeverityBlocking] == 0 || severities[SeverityWarning] == 0 {
		t.Errorf("check severities = %v, want both kinds", severities)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name: "cycle",
			files: map[string]string{
				"stages/staging/a.sql": "-- depends: c\nSELECT 1;",
				"stages/staging/b.sql": "-- depends: a\nSELECT 1;",
				"stages/marts/c.sql":   "-- depends: b\nSELECT 1;",
				"stages/marts/d.sql":   "SELECT 1;",
			},
			want: "dependency cycle: queries/stages/staging/a.sql (a) -> queries/stages/marts/c.sql (c) -> queries/stages/staging/b.sql (b) -> queries/stages/staging/a.sql (a)",
		},
		{
			name: "self dependency",
			files: map[string]string{
				"stages/staging/a.sql": "-- depends: a\nSELECT 1;",
			},
			want: "dependency cycle: queries/stages/staging/a.sql (a) -> queries/stages/staging/a.sql (a)",
		},
		{
			name: "missing dependency",
			files: map[string]string{
				"stages/staging/a.sql": "-- depends: staging_indicator\nSELECT 1;",
			},
			want: `queries/stages/staging/a.sql: stage a: depends on unknown stage "staging_indicator"`,
		},
		{
			name: "duplicate name",
			files: map[string]string{
				"stages/staging/a.sql": "SELECT 1;",
				"stages/marts/a.sql":   "SELECT 1;",
			},
			want: "queries/stages/marts/a.sql and queries/stages/staging/a.sql: both define stage a",
		},
		{
			name: "check without severity",
			files: map[string]string{
				"stages/staging/a.sql": "SELECT 1;",
				"checks/x.sql":         "-- depends: a\nSELECT 1",
			},
			want: `queries/checks/x.sql: check x: severity "": want blocking or warning`,
		},
		{
			name: "check on unknown stage",
			files: map[string]string{
				"checks/x.sql": "-- severity: warning\n-- depends: nope\nSELECT 1",
			},
			want: `queries/checks/x.sql: check x: depends on unknown stage "nope"`,
		},
		{
			name: "bad creates",
			files: map[string]string{
				"stages/staging/a.sql": "-- creates: published.x; DROP TABLE run\nSELECT 1;",
			},
			want: `queries/stages/staging/a.sql: creates "published.x; DROP TABLE run": want schema.table in lower case`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, body := range tc.files {
				fsys[name] = &fstest.MapFile{Data: []byte(body)}
			}
			_, _, err := Load(fsys)
			if err == nil || err.Error() != tc.want {
				t.Errorf("Load error = %v\nwant          %s", err, tc.want)
			}
		})
	}
}

func TestLoadOrdersByDependencyThenName(t *testing.T) {
	fsys := fstest.MapFS{
		"stages/marts/z.sql":      {Data: []byte("SELECT 1;")},
		"stages/marts/m.sql":      {Data: []byte("-- depends: z, b\nSELECT 1;")},
		"stages/staging/b.sql":    {Data: []byte("SELECT 1;")},
		"stages/indices/a.sql":    {Data: []byte("-- depends: m\nSELECT 1;")},
		"stages/runner/start.sql": {Data: []byte("INSERT INTO run VALUES (?)")},
	}
	stageList, _, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range stageList {
		got = append(got, st.Name)
	}
	if want := "b z m a"; strings.Join(got, " ") != want {
		t.Errorf("order = %s, want %s (runner statements are not stages)", strings.Join(got, " "), want)
	}
}
