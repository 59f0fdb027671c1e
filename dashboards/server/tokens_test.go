package server

import (
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
				{RoleViewer, "vvvvvvvvvvvvvvvv", "wall-screen"},
				{RoleAnalyst, "aaaaaaaaaaaaaaaa", "analyst@tokens.txt:4"},
				{RoleAdmin, "dddddddddddddddd", "ops"},
			},
		},
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
				if got[i] != tc.want[i] {
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
