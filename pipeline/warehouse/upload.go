package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Outcomes of an upload.
const (
	UploadStored   = "stored"   // in the inbox for the next refresh
	UploadRejected = "rejected" // it had rejected rows: nothing stored
	UploadRefused  = "refused"  // not a file the account may send, or unreadable: nothing stored
)

// Upload is one file sent through the web (table upload, migration 0070).
type Upload struct {
	By       string   // the token's name
	OPDs     []string // the OPD codes the account may report (none: an admin)
	File     string   // the file name as sent
	SHA256   string
	Size     int64
	At       time.Time
	Kind     string // "" when the file was not recognised
	Outcome  string // UploadStored, UploadRejected, UploadRefused
	StoredAs string // the inbox file name, when stored
	Accepted int64
	Rejected int64
	Reason   string // why it was refused
}

// RecordUpload writes the upload's row and returns its id. A batch later loaded from the
// stored file names the uploader (queries/ingest/batch.sql).
func RecordUpload(ctx context.Context, db *sql.DB, u Upload) (int64, error) {
	var id int64
	err := db.QueryRowContext(ctx, batchSQL("upload"), u.By, strings.Join(u.OPDs, ","), u.File, u.SHA256, u.Size,
		u.At, u.Kind, u.Outcome, u.StoredAs, u.Accepted, u.Rejected, u.Reason).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record upload of %s: %w", u.File, err)
	}
	return id, nil
}
