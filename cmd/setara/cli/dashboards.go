package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/setara-pug/setara/dashboards/grafana"
)

// dashboardsOptions are the flags of `setara dashboards`.
type dashboardsOptions struct {
	Out     string
	Grafana grafana.Options
}

var dashboardsHelp = help{
	use:   "dashboards --out DIR",
	short: "write the Grafana dashboards, Grafana provisioning and Prometheus configuration",
	long: `Write a ready-to-mount tree under DIR:

  DIR/dashboards/*.json                      Grafana dashboards (mount at --dashboards-path)
  DIR/provisioning/datasources/setara.yaml   Prometheus datasource, uid "` + grafana.DatasourceUID + `"
  DIR/provisioning/dashboards/setara.yaml    dashboard provider, folder "` + grafana.Folder + `"
  DIR/prometheus/prometheus.yml              scrape job "setara" and rule_files
  DIR/prometheus/setara-alerts.yml           alerting rules

The output is byte-identical on every run. The committed copy is regenerated with
  setara dashboards --out dashboards/provisioning`,
}

func (opts *dashboardsOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&opts.Out, "out", "", "output directory (required)")
	f.StringVar(&opts.Grafana.PrometheusURL, "prometheus-url", grafana.DefaultPrometheusURL, "Prometheus URL used by the Grafana datasource")
	f.StringVar(&opts.Grafana.Target, "target", grafana.DefaultTarget, "HOST:PORT of setara serve, scraped by Prometheus")
	f.StringVar(&opts.Grafana.DashboardsPath, "dashboards-path", grafana.DefaultDashboardsPath, "where DIR/dashboards is mounted inside Grafana")
	f.StringVar(&opts.Grafana.ScrapeInterval, "scrape-interval", grafana.DefaultScrapeInterval, "Prometheus scrape and evaluation interval")
}

// run writes the tree and lists the files written.
func (opts *dashboardsOptions) run(_ context.Context, env *Env, _ []string) error {
	if opts.Out == "" {
		return usageError{errors.New("dashboards: --out DIR is required")}
	}
	files, err := grafana.Files(opts.Grafana)
	if errors.Is(err, grafana.ErrOptions) {
		return usageError{fmt.Errorf("dashboards: %w", err)}
	}
	if err != nil {
		return err
	}
	if err := grafana.Write(opts.Out, opts.Grafana); err != nil {
		return err
	}
	for _, name := range grafana.SortedNames(files) {
		fmt.Fprintf(env.Stdout, "%s/%s\n", opts.Out, name)
	}
	return nil
}
