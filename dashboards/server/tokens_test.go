package server

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseTokens(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []Token
		err      string
	}{
		{
			name: "roles, names, comments",
			in:   "# setara tokens\n\nviewer  vvvvvvvvvvvvvvvv  wall-screen\nanalyst aaaaaaaaaaaaaaaa\n  admin  dddddddddddddddd ops # trailing words are not allowed\n",
			err:  "tokens.txt:5: expected `role token [name]`",
		},
		{
			name: "ok",
			in:   "# setara tokens\n\nviewer  vvvvvvvvvvvvvvvv  wall-screen\nanalyst aaaaaaaaaaaaaaaa\n  ADMIN  dddddddddddddddd ops\n",
			want: []Token{
				{Role: RoleViewer, Value: "vvvvvvvvvvvvvvvv", Name: "wall-screen"},
				{Role: RoleAnalyst, Value: "aaaaaaaaaaaaaaaa", Name: "analyst@tokens.txt:4"},
				{Role: RoleAdmin, Value: "dddddddddddddddd", Name: "ops"},
			},
		},
		{
			name: "contributors",
			in:   "contributor cccccccccccccccc dinkes 1.02.01\ncontributor kkkkkkkkkkkkkkkk dua-opd 1.02.01,2.08.01\n",
			want: []Token{
				{Role: RoleContributor, Value: "cccccccccccccccc", Name: "dinkes", OPDs: []string{"1.02.01"}},
				{Role: RoleContributor, Value: "kkkkkkkkkkkkkkkk", Name: "dua-opd", OPDs: []string{"1.02.01", "2.08.01"}},
			},
		},
		{name: "contributor without OPD", in: "contributor cccccccccccccccc dinkes\n",
			err: "tokens.txt:1: expected `contributor token name OPD_CODE[,OPD_CODE...]`"},
		{name: "contributor with a bad OPD code", in: "contributor cccccccccccccccc dinkes 1.02.01,../x\n",
			err: "tokens.txt:1: OPD code \"../x\": expected codes such as 1.02.01"},
		{name: "unknown role", in: "root rrrrrrrrrrrrrrrr\n", err: "tokens.txt:1: unknown role \"root\""},
		{name: "short token", in: "viewer short\n", err: "tokens.txt:1: token shorter than 16 characters"},
		{name: "repeated", in: "viewer vvvvvvvvvvvvvvvv\nadmin vvvvvvvvvvvvvvvv\n", err: "tokens.txt:2: token repeated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseTokens(strings.NewReader(tc.in), "tokens.txt")
			if tc.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				if strings.Contains(err.Error(), "vvvvvvvv") || strings.Contains(err.Error(), "short") && tc.name != "short token" {
					t.Errorf("error reveals a token: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if !reflect.DeepEqual(got[i], tc.want[i]) {
					t.Errorf("token %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestTokenTableLookup(t *testing.T) {
	table := newTokenTable(testTokens)
	for _, tc := range []struct {
		presented string
		name      string
		ok        bool
	}{
		{viewerToken, "vera", true},
		{adminToken, "adi", true},
		{adminToken + "x", "", false},
		{"", "", false},
	} {
		c, ok := table.lookup(tc.presented)
		if ok != tc.ok || c.name != tc.name {
			t.Errorf("lookup(%q) = %+v, %v", tc.presented, c, ok)
		}
	}
}
