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
	Name      string
	Role      string   // viewer, contributor, analyst or admin
	OPDs      []string // a contributor's OPD codes
	Kinds     []string // the input kinds it may upload (or, when it may not, the kinds OPDs send)
	MayUpload bool
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
	pg.Title, pg.Lead = l.T("upload.title"), fmt.Sprintf(l.T("upload.lead"), l.Int(float64(r.maxUpload)/(1<<20)))
	a, _ := accountFrom(r.ctx)
	view := &uploadView{CanUpload: a.MayUpload}
	pg.Upload = view
	opd := ""
	switch {
	case a.MayUpload && len(a.OPDs) > 0:
		view.Account = fmt.Sprintf(l.T("upload.account.opd"), a.Name, strings.Join(r.opdNames(a.OPDs), "; "))
		opd = "&opd=" + strings.Join(a.OPDs, ",")
	case a.MayUpload:
		view.Account = fmt.Sprintf(l.T("upload.account.admin"), a.Name)
	default:
		role := a.Role
		if role == "" {
			role = "viewer"
		}
		view.Account = fmt.Sprintf(l.T("upload.account.none"), role)
	}
	for _, k := range a.Kinds {
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
