package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os/user"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/pipeline/warehouse"
)

type batchesOptions struct {
	format string
}

var batchesHelp = help{
	use:   "batches [--format table|csv|json]",
	short: "List every loaded batch with its standing: active, superseded, retracted, quarantined",
	long: `batches lists every batch (one loaded file) of the warehouse, newest first: batch_id,
file, kind, sha256, rows_accepted, rows_rejected, loaded_at, status and reason. Status is
active (its facts count), superseded (a later batch came from a file of the same name),
retracted (setara retract), quarantined (a refresh set it aside because it made a blocking
check fail) or rejected (a strict load with rejected rows: no facts were kept). Who changed the
status and when are in the csv and json forms.`,
}

func (o *batchesOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table, csv or json")
}

func (o *batchesOptions) run(ctx context.Context, env *Env, _ []string) error {
	switch o.format {
	case "table", "csv", "json":
	default:
		return usageError{fmt.Errorf("--format %q: expected table, csv or json", o.format)}
	}
	w, err := env.OpenWarehouse(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	list, err := warehouse.Batches(ctx, w.DB)
	if err != nil {
		return err
	}
	switch o.format {
	case "csv":
		return writeBatchesCSV(env.Stdout, list)
	case "json":
		return writeBatchesJSON(env.Stdout, list)
	}
	printBatches(env.Stdout, list)
	return nil
}

// batchColumns are the columns of the csv and json forms.
var batchColumns = []string{"batch_id", "file", "kind", "sha256", "rows_accepted", "rows_rejected", "loaded_at",
	"status", "reason", "changed_by", "changed_at", "uploaded_by"}

func batchFields(b warehouse.Batch) []string {
	changed := ""
	if !b.ChangedAt.IsZero() {
		changed = b.ChangedAt.UTC().Format(time.RFC3339)
	}
	return []string{strconv.FormatInt(b.ID, 10), b.File, b.Kind, b.SHA256, strconv.FormatInt(b.Accepted, 10),
		strconv.FormatInt(b.Rejected, 10), b.LoadedAt.UTC().Format(time.RFC3339), b.Standing, b.Reason, b.ChangedBy, changed,
		b.UploadedBy}
}

func writeBatchesCSV(out io.Writer, list []warehouse.Batch) error {
	cw := csv.NewWriter(out)
	if err := cw.Write(batchColumns); err != nil {
		return err
	}
	for _, b := range list {
		if err := cw.Write(batchFields(b)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

type batchJSON struct {
	BatchID      int64  `json:"batch_id"`
	File         string `json:"file"`
	Kind         string `json:"kind"`
	SHA256       string `json:"sha256"`
	RowsAccepted int64  `json:"rows_accepted"`
	RowsRejected int64  `json:"rows_rejected"`
	LoadedAt     string `json:"loaded_at"`
	Status       string `json:"status"`
	Reason       string `json:"reason"`
	ChangedBy    string `json:"changed_by"`
	ChangedAt    string `json:"changed_at"`
	UploadedBy   string `json:"uploaded_by"` // "" unless the file came through the web's upload
}

func writeBatchesJSON(out io.Writer, list []warehouse.Batch) error {
	rows := make([]batchJSON, 0, len(list))
	for _, b := range list {
		f := batchFields(b)
		rows = append(rows, batchJSON{b.ID, b.File, b.Kind, b.SHA256, b.Accepted, b.Rejected, f[6], b.Standing, b.Reason, b.ChangedBy, f[10], b.UploadedBy})
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}

func printBatches(out io.Writer, list []warehouse.Batch) {
	if len(list) == 0 {
		fmt.Fprintln(out, "no batches yet: load files with `setara ingest` or `setara refresh`")
		return
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "BATCH\tFILE\tKIND\tSHA256\tACCEPTED\tREJECTED\tLOADED (UTC)\tUPLOADED BY\tSTATUS\tBY\tREASON")
	for _, b := range list {
		by := "-"
		if b.ChangedBy != "" {
			by = b.ChangedBy + " " + b.ChangedAt.UTC().Format(time.DateTime)
		}
		uploader := "-"
		if b.UploadedBy != "" {
			uploader = b.UploadedBy
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\n", b.ID, b.File, b.Kind, b.SHA256[:min(12, len(b.SHA256))],
			b.Accepted, b.Rejected, b.LoadedAt.UTC().Format(time.DateTime), uploader, b.Standing, by, firstLine(b.Reason))
	}
	tw.Flush()
}

type retractOptions struct {
	reason string
}

var retractHelp = help{
	use:   "retract BATCH_ID... --reason TEXT",
	short: "Take batches back: from the next run their facts stop counting",
	long: `retract takes batches back. From the next run (setara run or refresh) their facts stop
counting and, for every key they superseded, the latest earlier batch that still counts
counts again. Nothing is deleted: the batch, its rows, who retracted it (the process user) and
why stay in the history (setara batches). setara restore-batch undoes it.`,
	example: `  setara retract 12 --reason "wrong year in the DPRD seat file"
  setara run`,
	args: minArgs(1),
}

func (o *retractOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.reason, "reason", "", "why the batches are taken back (required)")
}

func (o *retractOptions) run(ctx context.Context, env *Env, args []string) error {
	if strings.TrimSpace(o.reason) == "" {
		return usageError{fmt.Errorf("retract needs --reason TEXT: why the batches are taken back")}
	}
	ids, err := batchIDs(args)
	if err != nil {
		return err
	}
	w, err := env.OpenWarehouse(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	if err := warehouse.Retract(ctx, w.DB, ids, warehouse.Change{By: processUser(env), At: env.Now(), Reason: o.reason}); err != nil {
		return err
	}
	for _, id := range ids {
		fmt.Fprintf(env.Stdout, "retracted batch %d: its facts stop counting from the next run (setara run)\n", id)
	}
	return nil
}

type restoreBatchOptions struct {
	reason string
}

var restoreBatchHelp = help{
	use:   "restore-batch BATCH_ID [--reason TEXT]",
	short: "Undo the retraction (or quarantine) of a batch: its facts count again from the next run",
	args:  exactArgs(1),
}

func (o *restoreBatchOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.reason, "reason", "", "why the batch counts again")
}

func (o *restoreBatchOptions) run(ctx context.Context, env *Env, args []string) error {
	ids, err := batchIDs(args)
	if err != nil {
		return err
	}
	w, err := env.OpenWarehouse(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	reason := o.reason
	if reason == "" {
		reason = "restored with setara restore-batch"
	}
	if err := warehouse.Restore(ctx, w.DB, ids[0], warehouse.Change{By: processUser(env), At: env.Now(), Reason: reason}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "restored batch %d: its facts count again from the next run (setara run)\n", ids[0])
	return nil
}

func batchIDs(args []string) ([]int64, error) {
	ids := make([]int64, len(args))
	for i, a := range args {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id < 1 {
			return nil, usageError{fmt.Errorf("batch id %q: expected a whole number from the first column of setara batches", a)}
		}
		ids[i] = id
	}
	return ids, nil
}

// processUser names who runs the command: $USER, else the account of the process.
func processUser(env *Env) string {
	if u := env.Getenv("USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}
