package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/dashboards/server"
	"github.com/setara-pug/setara/pipeline/durable"
	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/refresh"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// uploadProblems is how many rejected rows an upload's answer lists at most.
const uploadProblems = 10_000

// uploadFunc checks an upload as `setara validate` does (with the account's OPDs), while no
// refresh runs, and stores a file without problems in the inbox under a name of its own
// (unggah-DATE-TIME-WHO-RANDOM.EXT: it cannot collide with another file or leave the inbox),
// complete and atomically. Every upload, stored or not, is recorded in the warehouse.
//
// With load (serve --load-uploads), a stored file starts a refresh at once, which publishes a
// candidate snapshot for an admin's approval (the server's refreshes are candidates then).
func uploadFunc(env *Env, rf *refresh.Refresher, inbox string, load bool) func(ctx context.Context, u server.Upload) (server.UploadResult, error) {
	return func(ctx context.Context, u server.Upload) (server.UploadResult, error) {
		var res server.UploadResult
		err := rf.Exclusive(func() error {
			w, err := env.OpenWarehouse(ctx)
			if err != nil {
				return err
			}
			defer w.Close()
			rec := warehouse.Upload{By: u.Who, OPDs: u.OPDs, File: u.Name, SHA256: u.SHA256, Size: u.Size, At: env.Now()}
			record := func() error {
				_, err := warehouse.RecordUpload(ctx, w.DB, rec)
				return err
			}
			r, err := ingest.LoadFile(ctx, w.DB, u.Path, ingest.Options{DryRun: true, MaxProblems: uploadProblems,
				OPDCodes: u.OPDs, Now: env.Now, Logger: env.Logger})
			var fileErr *ingest.FileError
			if errors.As(err, &fileErr) {
				rec.Outcome, rec.Reason = warehouse.UploadRefused, fileErr.Err.Error()
				fileErr.Path = u.Name // the temporary copy's path means nothing to the sender
				return errors.Join(err, record())
			}
			if err != nil {
				return err
			}
			res.Kind, res.Accepted, res.Rejected, res.Problems = r.Kind, r.Accepted, r.Rejected, r.Problems
			rec.Kind, rec.Accepted, rec.Rejected = r.Kind, r.Accepted, r.Rejected
			for i := range res.Problems {
				res.Problems[i].File = u.Name
			}
			if u.OPDs != nil && !slices.Contains(server.UploadKinds, r.Kind) {
				refused := &server.KindRefusedError{Kind: r.Kind}
				rec.Outcome, rec.Reason = warehouse.UploadRefused, fmt.Sprintf(present.ID.T("upload.kind"), r.Kind)
				if err := record(); err != nil {
					return err
				}
				return refused
			}
			if r.Rejected > 0 {
				rec.Outcome = warehouse.UploadRejected
				if r.Format == "xlsx" {
					if res.Annotated, err = annotated(u.Path, r); err != nil {
						return err
					}
				}
				return record()
			}
			name, err := storeUpload(u, inbox, env)
			if err != nil {
				return err
			}
			res.StoredAs = name
			rec.Outcome, rec.StoredAs = warehouse.UploadStored, name
			if err := record(); err != nil {
				os.Remove(filepath.Join(inbox, name)) // not recorded: not stored either
				return err
			}
			return nil
		})
		if errors.Is(err, refresh.ErrBusy) {
			err = fmt.Errorf("%w: %w", server.ErrRetractBusy, err)
		}
		if err == nil && load && res.StoredAs != "" {
			if terr := rf.Trigger(ctx); terr == nil {
				res.Loading = true
			} else {
				env.Logger.Warn("upload: the refresh that loads it did not start; the next one will", "file", res.StoredAs, "err", terr)
			}
		}
		return res, err
	}
}

// annotated is the workbook of an upload with its rejected cells marked.
func annotated(path string, r ingest.Result) ([]byte, error) {
	dir, err := os.MkdirTemp("", "setara-annotate-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "diperiksa.xlsx")
	if _, err := ingest.Annotate(path, out, r, ""); err != nil {
		return nil, err
	}
	return os.ReadFile(out)
}

// storeUpload copies the upload into the inbox, complete and atomically, and returns its name.
func storeUpload(u server.Upload, inbox string, env *Env) (string, error) {
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		return "", err
	}
	var random [4]byte
	if _, err := rand.Read(random[:]); err != nil {
		return "", err
	}
	who := "admin"
	if len(u.OPDs) > 0 {
		who = strings.NewReplacer(".", "", "/", "", `\`, "").Replace(u.OPDs[0])
	}
	name := fmt.Sprintf("%s%s-%s-%s%s", refresh.UploadPrefix, env.Now().UTC().Format("20060102-150405"), who,
		hex.EncodeToString(random[:]), strings.ToLower(filepath.Ext(u.Path)))
	src, err := os.Open(u.Path)
	if err != nil {
		return "", err
	}
	defer src.Close()
	if err := durable.Write(filepath.Join(inbox, name), 0o644, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	}); err != nil {
		return "", fmt.Errorf("store upload in %s: %w", inbox, err)
	}
	return name, nil
}
