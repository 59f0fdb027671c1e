package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The Data page's retract form: admin only (the token in the form body, or a bearer header),
// refused from another site, with the batches and the reason given, recording who.
func TestRetractFormIsAdminOnlyAndCSRFChecked(t *testing.T) {
	type got struct {
		ids         []int64
		who, reason string
	}
	var calls []got
	retract := func(_ context.Context, ids []int64, who, reason string) error {
		if ids[0] == 99 {
			return fmt.Errorf("%w: batch 99: no such batch", ErrBadRetract)
		}
		calls = append(calls, got{ids, who, reason})
		return nil
	}
	f := newFixture(t, Options{Tokens: testTokens, Retract: retract}, true)
	form := func(batch, reason, token string) string {
		return url.Values{"batch": {batch}, "reason": {reason}, "token": {token}, "lang": {"id"}}.Encode()
	}
	formHeader := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	crossSite := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site"}
	for _, tc := range []struct {
		name   string
		c      call
		status int
		want   string
	}{
		{"admin token in the form", call{method: "POST", path: "/data/retract", body: form("4, 5", "salah putaran survei", adminToken), header: formHeader}, 200, "Batch 4, 5 ditarik oleh adi"},
		{"admin bearer header", call{method: "POST", path: "/data/retract", body: form("6", "duplikat", ""), token: adminToken, header: formHeader}, 200, "Batch 6 ditarik oleh adi"},
		{"analyst", call{method: "POST", path: "/data/retract", body: form("4", "x", analystToken), header: formHeader}, 403, "needs admin"},
		{"no token", call{method: "POST", path: "/data/retract", body: form("4", "x", ""), header: formHeader}, 401, "unknown token"},
		{"cross-site form", call{method: "POST", path: "/data/retract", body: form("4", "x", adminToken), header: crossSite}, 403, "cross-origin"},
		{"no reason", call{method: "POST", path: "/data/retract", body: form("4", " ", adminToken), header: formHeader}, 400, "a reason"},
		{"bad batch", call{method: "POST", path: "/data/retract", body: form("x", "r", adminToken), header: formHeader}, 400, "expected a batch number"},
		{"unknown batch", call{method: "POST", path: "/data/retract", body: form("99", "r", adminToken), header: formHeader}, 400, "no such batch"},
	} {
		rec := f.do(t, tc.c)
		if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("%s: %d %s, want %d with %q", tc.name, rec.Code, rec.Body, tc.status, tc.want)
		}
	}
	if len(calls) != 2 || fmt.Sprint(calls[0].ids) != "[4 5]" || calls[0].who != "adi" || calls[0].reason != "salah putaran survei" ||
		fmt.Sprint(calls[1].ids) != "[6]" {
		t.Errorf("retractions = %+v", calls)
	}
	// Without Retract the form answers 501; without tokens, web retraction is refused.
	if rec := newFixture(t, Options{Tokens: testTokens}, true).do(t, call{method: "POST", path: "/data/retract",
		body: form("4", "r", adminToken), header: formHeader}); rec.Code != http.StatusNotImplemented {
		t.Errorf("no Retract: %d", rec.Code)
	}
	if rec := newFixture(t, Options{Retract: retract}, true).do(t, call{method: "POST", path: "/data/retract",
		body: form("4", "r", "x"), header: formHeader}); rec.Code != http.StatusForbidden {
		t.Errorf("no tokens: %d", rec.Code)
	}
}
