package refresh

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"time"

	"github.com/setara-pug/setara/pipeline/ingest"
	"github.com/setara-pug/setara/pipeline/stages"
	"github.com/setara-pug/setara/pipeline/warehouse"
)

// ingestLoad is the default LoadFunc: ingest.LoadFile, strict (a file with a rejected row
// keeps no facts; its batch is recorded as rejected, its rows in rejected_row), with the survey
// its name gives (SurveyOf).
func ingestLoad(ctx context.Context, db *sql.DB, path string, now func() time.Time) (LoadResult, error) {
	res, err := ingest.LoadFile(ctx, db, path, ingest.Options{Strict: true, Now: now, Survey: SurveyOf(path)})
	out := LoadResult{
		Kind:      res.Kind,
		BatchID:   res.BatchID,
		Accepted:  res.Accepted,
		Rejected:  res.Rejected,
		Unchanged: res.Unchanged,
		Problems:  res.Problems,
	}
	return out, err
}

// runStages is the default StagesFunc: stages.Run, which records the run and publishes.
func runStages(ctx context.Context, wh *warehouse.Warehouse, in StagesInput) (StagesResult, error) {
	res, err := stages.Run(ctx, wh, stages.Options{
		Trigger:    in.Trigger,
		FilesTaken: in.FilesTaken,
		RowsLoaded: in.RowsLoaded,
		Now:        in.Now,
		Logger:     in.Logger,
		FS:         in.FS,
		Exclude:    in.Exclude,
		Probe:      in.Probe,
		Candidate:  in.Candidate,
	})
	return StagesResult{RunID: res.RunID, Snapshot: res.Snapshot, Status: res.Status}, err
}

// SurveyOf is the survey and round an inbox file's name gives after a double underscore, with
// underscores read as spaces: mikro_medan__Susenas_Maret_2023.csv is from "Susenas Maret 2023"
// (what `setara ingest --survey` says on the command line); "" when the name gives none.
func SurveyOf(path string) string {
	name := filepath.Base(path)
	name = strings.TrimSuffix(name, filepath.Ext(name))
	_, survey, ok := strings.Cut(name, "__")
	if !ok {
		return ""
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(survey, "_", " ")), " ")
}
