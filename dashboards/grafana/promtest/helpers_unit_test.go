package promtest

import (
	"slices"
	"testing"
)

// The helpers that stand in for Grafana must behave like Grafana, or the integration test
// proves nothing.

func TestSubstitute(t *testing.T) {
	vars := map[string]string{"tahun": "2023", "tahun_banding": "2022", "opd": `Dinas P3APM (Perempuan) a.b|c\d`}
	regexVars := map[string]bool{"opd": true}
	tests := []struct{ in, want string }{
		{`x{year="$tahun"}`, `x{year="2023"}`},
		{`x{year="$tahun_banding"} - x{year="${tahun}"}`, `x{year="2022"} - x{year="2023"}`},
		{`x{opd_name=~"$opd"}`, `x{opd_name=~"Dinas P3APM \\(Perempuan\\) a\\.b\\|c\\\\d"}`},
	}
	for _, tc := range tests {
		got, err := substitute(tc.in, vars, regexVars)
		if err != nil || got != tc.want {
			t.Errorf("substitute(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := substitute(`x{a="$nope"}`, vars, regexVars); err == nil {
		t.Error("substitute with an undefined variable: no error")
	}
}

func TestSortValues(t *testing.T) {
	tests := []struct {
		order int
		in    []string
		want  []string
	}{
		{1, []string{"b", "a", "c"}, []string{"a", "b", "c"}},
		{4, []string{"2021", "2023", "2022"}, []string{"2023", "2022", "2021"}},
		{3, []string{"10", "9", "100"}, []string{"9", "10", "100"}},
	}
	for _, tc := range tests {
		got := slices.Clone(tc.in)
		sortValues(got, tc.order)
		if !slices.Equal(got, tc.want) {
			t.Errorf("sortValues(%q, %d) = %q, want %q", tc.in, tc.order, got, tc.want)
		}
	}
}
