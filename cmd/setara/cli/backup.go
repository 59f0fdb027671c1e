package cli

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/pipeline/backup"
)

type backupOptions struct{ out string }

var backupHelp = help{
	use:   "backup --out DIR",
	short: "Write a consistent copy of the warehouse and its published snapshots, with a manifest",
	long: `backup copies the warehouse file and every published and candidate snapshot into DIR (which
must not exist), with manifest.json listing every file's size and sha256, the setara version
and the warehouse's schema version. A server may keep reading meanwhile; a process writing the
warehouse (ingest, run, refresh) makes backup refuse, naming it. DIR appears only when the
backup is whole.`,
	example: `  setara backup --out /var/backups/setara/$(date +%F)`,
}

func (o *backupOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.out, "out", "", "backup directory to create (required)")
}

func (o *backupOptions) run(ctx context.Context, env *Env, _ []string) error {
	if o.out == "" {
		return usageError{errors.New("backup needs --out DIR: a directory that does not exist yet")}
	}
	m, err := backup.Write(ctx, backup.Options{DB: env.DBPath(), Out: o.out, Version: buildVersion(), Now: env.Now})
	if err != nil {
		return err
	}
	var size int64
	for _, f := range m.Files {
		size += f.Size
	}
	fmt.Fprintf(env.Stdout, "backup %s: %d files, %.1f MB, schema version %d; restore with `setara --db PATH restore --from %s`\n",
		o.out, len(m.Files), float64(size)/1e6, m.SchemaVersion, o.out)
	return nil
}

type restoreOptions struct{ from string }

var restoreHelp = help{
	use:   "restore --from DIR",
	short: "Restore a backup into an empty --db path, after checking every file against its manifest",
	long: `restore checks the backup in DIR against its manifest (every file present, sizes and sha256
equal, nothing extra) and refuses a damaged or partial one, naming the file. It then places the
warehouse at --db and the snapshots beside it, neither of which may exist yet.`,
	example: `  setara --db /srv/setara/setara.duckdb restore --from /var/backups/setara/2026-12-03`,
}

func (o *restoreOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.from, "from", "", "backup directory written by `setara backup` (required)")
}

func (o *restoreOptions) run(ctx context.Context, env *Env, _ []string) error {
	if o.from == "" {
		return usageError{errors.New("restore needs --from DIR: a directory written by `setara backup`")}
	}
	m, err := backup.Restore(ctx, o.from, env.DBPath())
	if err != nil {
		return err
	}
	w, err := env.OpenWarehouse(ctx) // migrates a backup of an older schema, and proves it opens
	if err != nil {
		return fmt.Errorf("restore: the restored warehouse does not open: %w", err)
	}
	w.Close()
	fmt.Fprintf(env.Stdout, "restored %d files of the backup of %s (setara %s) into %s\n",
		len(m.Files), m.CreatedAt.Format("2006-01-02 15:04 UTC"), m.SetaraVersion, env.DBPath())
	return nil
}

// buildVersion is the module version and VCS revision this binary was built from.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}
