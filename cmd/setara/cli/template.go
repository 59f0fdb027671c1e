package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/pipeline/durable"
	"github.com/setara-pug/setara/pipeline/templates"
)

type templateOptions struct{ out, lang string }

var templateHelp = help{
	use:   "template KIND --out FILE.xlsx [--lang id|en]",
	short: "Write the Excel template of an input kind: " + strings.Join(templates.Kinds, ", "),
	long: `template writes a workbook whose Data sheet has the contract's columns as its header (in
Indonesian with --lang id, the default, or English), a note on each column saying what to write,
dropdown lists where the contract has a fixed vocabulary (sexes, yes/no, target groups, Kota
Medan's regions, indicator codes, gap factors, prerequisites), rupiah formats for amounts and a
Petunjuk (guide) sheet. A filled template loads with setara ingest as it is.`,
	example: `  setara template programs --out program_opd.xlsx
  setara template gbs --out gbs.xlsx --lang en`,
	args: exactArgs(1),
}

func (o *templateOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.out, "out", "", "the workbook to write (required)")
	cmd.Flags().StringVar(&o.lang, "lang", "id", "column names and notes: id (Indonesian) or en (English)")
}

func (o *templateOptions) run(_ context.Context, env *Env, args []string) error {
	if o.out == "" {
		return usageError{errors.New("template needs --out FILE.xlsx")}
	}
	if o.lang != "id" && o.lang != "en" {
		return usageError{fmt.Errorf("--lang %q: expected id or en", o.lang)}
	}
	known := false
	for _, k := range templates.Kinds {
		known = known || k == args[0]
	}
	if !known {
		return usageError{fmt.Errorf("template %q: expected one of %s", args[0], strings.Join(templates.Kinds, ", "))}
	}
	if err := durable.Write(o.out, 0o644, func(w io.Writer) error {
		return templates.Write(w, args[0], templates.Options{Lang: o.lang})
	}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "template %s: %s\n", args[0], o.out)
	return nil
}
