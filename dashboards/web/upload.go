package web

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Account is who asks for a page, as the server knows them: needed by the upload page only (the
// other pages are the same for everyone).
type Account struct {
	Name string
	Role string   // viewer, contributor, analyst or admin
	OPDs []string // a contributor's OPD codes
}

type accountKey struct{}

// WithAccount attaches the caller's account to a page request (the server does, for /unggah).
func WithAccount(ctx context.Context, a Account) context.Context {
	return context.WithValue(ctx, accountKey{}, a)
}

func accountFrom(ctx context.Context) (Account, bool) {
	a, ok := ctx.Value(accountKey{}).(Account)
	return a, ok
}

// uploadKinds are the kinds an OPD's contributor may upload, and those an admin may.
var (
	uploadKinds      = []string{"programs", "gbs", "readiness"}
	adminUploadKinds = []string{"regions", "indicators", "microdata", "programs", "gbs", "readiness"}
)

type uploadView struct {
	Account   string
	CanUpload bool
	Templates []option // Value: link, Label: kind in words
}

// buildUpload is /unggah: the account, its templates (an OPD's with its codes in the opd_code
// dropdown) and the form that posts a file to /api/upload. No script: the token is a field of
// the form because a cookie never authenticates a POST.
func buildUpload(r *request) error {
	l := r.l
	pg := r.page
	max := r.maxUpload
	if max <= 0 {
		max = 20 << 20
	}
	pg.Title, pg.Lead = l.T("upload.title"), fmt.Sprintf(l.T("upload.lead"), l.Int(float64(max)/(1<<20)))
	view := &uploadView{}
	pg.Upload = view
	a, _ := accountFrom(r.ctx)
	kinds := uploadKinds
	opd := ""
	switch a.Role {
	case "contributor":
		view.CanUpload = true
		view.Account = fmt.Sprintf(l.T("upload.account.opd"), a.Name, strings.Join(r.opdNames(a.OPDs), "; "))
		opd = "&opd=" + strings.Join(a.OPDs, ",")
	case "admin":
		view.CanUpload = true
		view.Account = fmt.Sprintf(l.T("upload.account.admin"), a.Name)
		kinds = adminUploadKinds
	default:
		role := a.Role
		if role == "" {
			role = "viewer"
		}
		view.Account = fmt.Sprintf(l.T("upload.account.none"), role)
	}
	for _, k := range kinds {
		view.Templates = append(view.Templates, option{Value: "/templat/" + k + ".xlsx?lang=" + string(l) + opd, Label: l.T("template." + k)})
	}
	return nil
}

// opdNames are the OPD codes with their names from the snapshot's programs ("1.02.01 Dinas
// Kesehatan"); a code the programs do not know stays as it is.
func (r *request) opdNames(codes []string) []string {
	names := map[string]string{}
	_ = scanAll(r.ctx, r.db, "opd_names", func(q *sql.Rows) error {
		var c, n string
		if err := q.Scan(&c, &n); err != nil {
			return err
		}
		names[c] = n
		return nil
	})
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = c
		if n := names[c]; n != "" {
			out[i] = c + " " + n
		}
	}
	return out
}
