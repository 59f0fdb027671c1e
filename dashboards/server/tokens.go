package server

import (
	"bufio"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// Role is what a caller may do; each role includes the ones below it.
type Role int

// Roles.
const (
	RoleNone        Role = iota
	RoleViewer           // pages and read APIs
	RoleContributor      // a viewer who may also upload the programs, gbs and readiness files of their OPDs
	RoleAnalyst          // a viewer who may also POST /api/query (not upload)
	RoleAdmin            // everything: also POST /api/refresh and uploads of any kind
)

func (r Role) String() string {
	switch r {
	case RoleViewer:
		return "viewer"
	case RoleContributor:
		return "contributor"
	case RoleAnalyst:
		return "analyst"
	case RoleAdmin:
		return "admin"
	}
	return "none"
}

// ParseRole reads a role name.
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(s) {
	case "viewer":
		return RoleViewer, nil
	case "contributor":
		return RoleContributor, nil
	case "analyst":
		return RoleAnalyst, nil
	case "admin":
		return RoleAdmin, nil
	}
	return RoleNone, fmt.Errorf("unknown role %q (expected viewer, contributor, analyst or admin)", s)
}

// Token is one bearer token. Name identifies the holder in logs; the token itself is never
// logged.
type Token struct {
	Role  Role
	Value string
	Name  string
	OPDs  []string // a contributor's OPD codes: the only ones whose files it may upload
}

// opdCode is the form of an OPD code in a tokens file (1.02.01, 2.08.01, ...).
var opdCode = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]*$`)

// MinTokenLength is the shortest token accepted from a tokens file.
const MinTokenLength = 16

// ParseTokens reads a tokens file: one `role token [name]` per line, or `contributor token name
// OPD_CODE[,OPD_CODE...]` for an OPD's contributor; blank lines and lines starting with # are
// ignored. file names the source in errors.
func ParseTokens(r io.Reader, file string) ([]Token, error) {
	var tokens []Token
	seen := make(map[string]bool)
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		role, err := ParseRole(fields[0])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, line, err)
		}
		var opds []string
		switch {
		case role == RoleContributor && len(fields) != 4:
			return nil, fmt.Errorf("%s:%d: expected `contributor token name OPD_CODE[,OPD_CODE...]`", file, line)
		case role == RoleContributor:
			for _, c := range strings.Split(fields[3], ",") {
				if !opdCode.MatchString(c) {
					return nil, fmt.Errorf("%s:%d: OPD code %q: expected codes such as 1.02.01, separated by commas", file, line, c)
				}
				opds = append(opds, c)
			}
			fields = fields[:3]
		case len(fields) < 2 || len(fields) > 3:
			return nil, fmt.Errorf("%s:%d: expected `role token [name]`", file, line)
		}
		if len(fields[1]) < MinTokenLength {
			return nil, fmt.Errorf("%s:%d: token shorter than %d characters", file, line, MinTokenLength)
		}
		if seen[fields[1]] {
			return nil, fmt.Errorf("%s:%d: token repeated", file, line)
		}
		seen[fields[1]] = true
		name := fmt.Sprintf("%s@%s:%d", role, file, line)
		if len(fields) == 3 {
			name = fields[2]
		}
		tokens = append(tokens, Token{Role: role, Value: fields[1], Name: name, OPDs: opds})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return tokens, nil
}

// ReadTokensFile reads a tokens file (see ParseTokens).
func ReadTokensFile(path string) ([]Token, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	defer f.Close()
	return ParseTokens(f, path)
}

// tokenTable matches presented tokens in constant time: both sides are hashed to a fixed
// length first, and every entry is compared whatever matched before.
type tokenTable struct {
	entries []tokenEntry
}

type tokenEntry struct {
	sum  [sha256.Size]byte
	role Role
	name string
	opds []string
}

func newTokenTable(tokens []Token) *tokenTable {
	t := &tokenTable{}
	for _, tok := range tokens {
		t.entries = append(t.entries, tokenEntry{sum: sha256.Sum256([]byte(tok.Value)), role: tok.Role, name: tok.Name, opds: tok.OPDs})
	}
	return t
}

func (t *tokenTable) empty() bool { return len(t.entries) == 0 }

// lookup returns the caller holding presented, or ok false.
func (t *tokenTable) lookup(presented string) (c caller, ok bool) {
	sum := sha256.Sum256([]byte(presented))
	for _, e := range t.entries {
		if subtle.ConstantTimeCompare(sum[:], e.sum[:]) == 1 {
			c, ok = caller{name: e.name, role: e.role, opds: e.opds}, true
		}
	}
	return c, ok
}

// Authenticator finds the holder of a presented token, with the same table and rule as the
// HTTP server: for the other listeners of `setara serve` (the Flight SQL one).
type Authenticator struct {
	table *tokenTable
}

// NewAuthenticator matches presented tokens against tokens.
func NewAuthenticator(tokens []Token) *Authenticator {
	return &Authenticator{table: newTokenTable(tokens)}
}

// Open reports whether no tokens are configured: then every caller is the local analyst and
// the listener must be on a loopback address (see CheckListenAddr).
func (a *Authenticator) Open() bool { return a.table.empty() }

// Lookup returns the name and role of the holder of presented, or ok false. With no tokens
// configured every caller is "local" with the analyst role.
func (a *Authenticator) Lookup(presented string) (name string, role Role, ok bool) {
	if a.table.empty() {
		return localCaller.name, localCaller.role, true
	}
	c, ok := a.table.lookup(presented)
	return c.name, c.role, ok
}

// CheckListenAddr refuses a non-loopback addr when no tokens are configured, as New does for
// the HTTP address. what names the listener in the message (e.g. "--flight-addr").
func CheckListenAddr(addr, what string, tokens []Token) error {
	if len(tokens) > 0 {
		return nil
	}
	loop, err := isLoopback(addr)
	if err != nil {
		return err
	}
	if !loop {
		return fmt.Errorf("serve: refusing to listen on %s (%s) without tokens: use a loopback address (127.0.0.1) or give --tokens / SETARA_TOKENS", addr, what)
	}
	return nil
}
