package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/setara-pug/setara/dashboards/web"
	"github.com/setara-pug/setara/pipeline/snapshot"
	"github.com/setara-pug/setara/pipeline/templates"
)

// securityHeaders sets the security headers (web.SetSecurityHeaders) on every response. They
// are set again just before the header is written, so no handler mounted below can weaken them.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		web.SetSecurityHeaders(w.Header())
		next.ServeHTTP(&secureWriter{ResponseWriter: w}, r)
	})
}

type secureWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *secureWriter) WriteHeader(status int) {
	if !w.wrote {
		w.wrote = true
		web.SetSecurityHeaders(w.ResponseWriter.Header())
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *secureWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Flush and deadlines of the real writer.
func (w *secureWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

type ctxKey int

const (
	callerKey ctxKey = iota
)

// holdSnapshot acquires the current snapshot for the whole request and names it in
// X-Setara-Snapshot; the request keeps it even if the store switches meanwhile.
func (s *Server) holdSnapshot(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reader, release, err := s.store.Acquire()
		if err == nil {
			defer release()
			w.Header().Set("X-Setara-Snapshot", reader.ID)
			r = r.WithContext(snapshot.WithReader(r.Context(), reader))
		}
		next.ServeHTTP(w, r)
	})
}

// readerAndFormat returns the snapshot the request holds and the answer format it asks for
// (Arrow only when allowArrow). Otherwise it answers, 503 when nothing is published yet or the
// negotiation's error, and ok is false.
func readerAndFormat(w http.ResponseWriter, r *http.Request, allowArrow bool) (reader *snapshot.Reader, f format, ok bool) {
	reader = snapshot.ReaderFrom(r.Context())
	if reader == nil {
		writeError(w, http.StatusServiceUnavailable, snapshot.ErrNoSnapshot.Error())
		return nil, 0, false
	}
	f, status, err := negotiate(r, allowArrow)
	if err != nil {
		writeError(w, status, err.Error())
		return nil, 0, false
	}
	return reader, f, true
}

// caller is who made a request.
type caller struct {
	name string
	role Role
	opds []string // a contributor's OPD codes
}

func callerFrom(ctx context.Context) caller {
	c, _ := ctx.Value(callerKey).(caller)
	return c
}

// localCaller is everyone when no tokens are configured (loopback only).
var localCaller = caller{name: "local", role: RoleAnalyst}

// require lets the request through when its bearer token has at least role.
func (s *Server) require(role Role, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.authenticate(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="setara"`)
			writeError(w, http.StatusUnauthorized, "missing or unknown bearer token")
			return
		}
		if c.role < role {
			writeError(w, http.StatusForbidden, "the "+c.role.String()+" role may not use this; it needs "+role.String())
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), callerKey, c)))
	})
}

// authenticate finds the caller from the bearer header or, for GET and HEAD only, from the
// token cookie set by tokenLogin. A cookie never authenticates a POST: browsers attach cookies
// to requests other sites make, so a state-changing call needs the header.
func (s *Server) authenticate(r *http.Request) (caller, bool) {
	if s.tokens.empty() {
		return localCaller, true
	}
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, found := strings.Cut(h, " ")
		if !found || !strings.EqualFold(scheme, "Bearer") {
			return caller{}, false
		}
		return s.tokens.lookup(strings.TrimSpace(token))
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return caller{}, false
	}
	cookie, err := r.Cookie(tokenCookie)
	if err != nil || cookie.Value == "" {
		return caller{}, false
	}
	return s.tokens.lookup(cookie.Value)
}

// tokenCookie holds the token a browser presented once as ?token=.
const tokenCookie = "setara_token"

// tokenLogin lets a browser, which cannot send a bearer header, open the pages: a GET with
// ?token=T (a known token) sets T as an HttpOnly, SameSite=Strict cookie and redirects to the
// same URL without the token, so it leaves the address bar and the history. An unknown token
// answers 401 and sets nothing. Without configured tokens the parameter is ignored.
func (s *Server) tokenLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if s.tokens.empty() || !q.Has("token") {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			writeError(w, http.StatusBadRequest, "a token is accepted in the URL only by GET; send an Authorization: Bearer header")
			return
		}
		token := q.Get("token")
		if _, ok := s.tokens.lookup(token); !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="setara"`)
			writeError(w, http.StatusUnauthorized, "unknown token")
			return
		}
		http.SetCookie(w, &http.Cookie{
			Name: tokenCookie, Value: token, Path: "/",
			HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
		})
		q.Del("token")
		target := r.URL.Path
		if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") || strings.HasPrefix(target, "/\\") {
			target = "/" // never redirect to another host
		}
		if enc := q.Encode(); enc != "" {
			target += "?" + enc
		}
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, target, http.StatusSeeOther)
	})
}

// writeError answers {"error": msg}; msg is one line.
func writeError(w http.ResponseWriter, status int, msg string) {
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// withAccount tells the web pages who asks and what it may upload (the upload page names the
// account, its OPDs and the kinds it may send, as handleUpload decides them).
func withAccount(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := callerFrom(r.Context())
		a := web.Account{Name: c.name, Role: c.role.String(), OPDs: c.opds, Kinds: UploadKinds,
			MayUpload: c.role == RoleContributor || c.role == RoleAdmin}
		if c.role == RoleAdmin {
			a.Kinds = templates.Kinds
		}
		next.ServeHTTP(w, r.WithContext(web.WithAccount(r.Context(), a)))
	})
}
