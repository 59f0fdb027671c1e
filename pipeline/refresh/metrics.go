package refresh

import (
	"errors"
	"math"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/setara-pug/setara/pipeline/snapshot"
)

// File outcomes, the values of the outcome label of setara_refresh_files_total.
const (
	OutcomeLoaded    = "loaded"
	OutcomeUnchanged = "unchanged"
	OutcomeFailed    = "failed"
)

type metrics struct {
	lastSuccess prometheus.Gauge
	lastFailure prometheus.Gauge
	duration    prometheus.Gauge
	files       *prometheus.CounterVec
}

// newMetrics makes the refresh metrics and registers them on reg (nil: not registered). A
// collector already registered there (a second Refresher on one registry) is reused.
func newMetrics(reg *prometheus.Registry, published string) *metrics {
	m := &metrics{
		lastSuccess: newGauge("setara_refresh_last_success_timestamp_seconds",
			"Unix time of the end of the last refresh that published a snapshot (0: none yet)."),
		lastFailure: newGauge("setara_refresh_last_failure_timestamp_seconds",
			"Unix time of the end of the last refresh that failed (0: none yet)."),
		duration: newGauge("setara_refresh_duration_seconds", "Duration of the last refresh, successful or not."),
		files: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "setara_refresh_files_total",
			Help: "Inbox files taken by refreshes, by outcome (loaded, unchanged, failed).",
		}, []string{"outcome"}),
	}
	if reg != nil {
		m.lastSuccess = register(reg, m.lastSuccess)
		m.lastFailure = register(reg, m.lastFailure)
		m.duration = register(reg, m.duration)
		m.files = register(reg, m.files)
		register(reg, prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "setara_published_free_bytes",
			Help: "Bytes free on the disk holding the published snapshots (NaN: the disk cannot say).",
		}, func() float64 {
			free, err := snapshot.FreeBytes(published)
			if err != nil {
				return math.NaN()
			}
			return float64(free)
		}))
		register(reg, prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "setara_snapshot_needed_bytes",
			Help: "Bytes the next snapshot is expected to need: the newest one plus 25 % (0: none yet).",
		}, func() float64 { return float64(snapshot.Needed(published)) }))
	}
	for _, o := range []string{OutcomeLoaded, OutcomeUnchanged, OutcomeFailed} {
		m.files.WithLabelValues(o)
	}
	return m
}

func newGauge(name, help string) prometheus.Gauge {
	return prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
}

func register[C prometheus.Collector](reg *prometheus.Registry, c C) C {
	err := reg.Register(c)
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(C); ok {
			return existing
		}
	}
	return c
}

func unixSeconds(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.UnixNano()) / 1e9
}
