package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/dashboards/report"
	"github.com/setara-pug/setara/pipeline/durable"
)

// reportOptions are the flags of `setara report`.
type reportOptions struct {
	Year   int
	Region string
	Lang   string
	Out    string
}

var reportHelp = help{
	use:   "report --year YYYY [--region CODE] [--lang id|en] --out DIR",
	short: "Write the annual PUG evaluation report (HTML, PDF, XLSX) from the current snapshot",
	long: `report writes the annual gender-mainstreaming evaluation report of a region from the current
published snapshot: DIR/laporan-pug-YYYY.html (printable, self-contained), DIR/laporan-pug-YYYY.pdf
(rendered by headless Chromium when it is installed) and DIR/laporan-pug-YYYY.xlsx (one sheet
per table).`,
	example: `  setara report --year 2024 --out laporan
  setara report --year 2024 --lang en --region 1275 --out report`,
}

func (o *reportOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().IntVar(&o.Year, "year", 0, "report year (required)")
	cmd.Flags().StringVar(&o.Region, "region", report.DefaultRegion, "BPS region code (default Kota Medan)")
	cmd.Flags().StringVar(&o.Lang, "lang", "id", "language: id or en")
	cmd.Flags().StringVar(&o.Out, "out", "", "output directory (required)")
}

// run builds the report from the current snapshot and writes its files to o.Out.
func (o *reportOptions) run(ctx context.Context, env *Env, _ []string) error {
	if o.Year == 0 {
		return usageError{errors.New("report: --year is required")}
	}
	if o.Out == "" {
		return usageError{errors.New("report: --out is required")}
	}
	if _, err := present.ParseLang(o.Lang); err != nil {
		return usageError{fmt.Errorf("report: %w", err)}
	}
	db, id, err := env.OpenSnapshot(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := report.Build(ctx, db, report.Options{Year: o.Year, Region: o.Region, Lang: o.Lang, SnapshotID: id})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	base := filepath.Join(o.Out, "laporan-pug-"+strconv.Itoa(o.Year))
	if err := writeFile(base+".html", r.WriteHTML); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s\n", base+".html")
	if err := writeFile(base+".xlsx", r.WriteXLSX); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s\n", base+".xlsx")
	if len(r.Missing) > 0 {
		fmt.Fprintf(env.Stderr, "setara: the snapshot lacks %v; those sections say the data is not available\n", r.Missing)
	}
	switch err := report.RenderPDF(ctx, base+".html", base+".pdf"); {
	case errors.Is(err, report.ErrNoChromium):
		fmt.Fprintf(env.Stderr, "setara: %v\n", err)
	case err != nil:
		return err
	default:
		fmt.Fprintf(env.Stdout, "wrote %s\n", base+".pdf")
	}
	return nil
}

// writeFile writes path through write, replacing it only when write succeeded.
func writeFile(path string, write func(w io.Writer) error) error {
	if err := durable.Write(path, 0o644, write); err != nil {
		return fmt.Errorf("report: %s: %w", path, err)
	}
	return nil
}
