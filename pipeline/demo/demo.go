package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/setara-pug/setara/pipeline/durable"
)

// Options say what to generate.
type Options struct {
	Persons int    // microdata records in all (over every surveyed region-year)
	Years   []int  // years to cover
	Seed    uint64 // the same seed gives the same bytes
	// National generates Indonesia's 38 provinces and 514 kabupaten/kota (invented codes and
	// names outside Sumatera Utara, declared in a regions file) instead of Medan and Sumatera
	// Utara; for benchmarks.
	National   bool
	OPDs       int // OPDs with programs (the first 40 are Kota Medan's, then synthetic ones)
	Activities int // activities per year over all OPDs (every OPD has at least one)
	// Regencies, with National, keeps about this many kabupaten/kota (0 = all 514; at most 514),
	// spread over the 38 provinces in proportion to their real counts (at least one each): benchmarks vary
	// it to show how costs grow with the number of regions.
	Regencies int `json:",omitempty"`
	// Evaluation also writes the PUG evaluation's inputs: a GBS for most gender-responsive
	// activities and the seven prerequisites of every OPD and the city (needs OPDs).
	Evaluation bool `json:",omitempty"`
}

// DefaultOptions is the demo: 200,000 persons, 2018-2024, Kota Medan's kecamatan and Sumatera
// Utara's kabupaten/kota, 40 OPDs with 300 activities a year.
func DefaultOptions() Options {
	return Options{
		Persons:    200_000,
		Years:      []int{2018, 2019, 2020, 2021, 2022, 2023, 2024},
		Seed:       20240308,
		OPDs:       40,
		Activities: 300,
		Evaluation: true,
	}
}

// Files are the paths of the written files; "" when a kind was not written.
type Files struct {
	Regions, Indicators, Microdata, Programs, GBS, Readiness string
}

// List is the written files in load order: regions first, the GBS after the programs.
func (f Files) List() []string {
	var out []string
	for _, p := range []string{f.Regions, f.Indicators, f.Microdata, f.Programs, f.GBS, f.Readiness} {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// File names inside the output directory.
const (
	RegionsFile    = "regions.csv"
	IndicatorsFile = "indicators.csv"
	MicrodataFile  = "microdata.csv"
	ProgramsFile   = "programs.csv"
	GBSFile        = "gbs.csv"
	ReadinessFile  = "readiness.csv"
)

// Write generates the data set of opts into dir (created if needed). Each file is written
// under a temporary name and renamed into place, so a reader never sees half a file.
func Write(ctx context.Context, dir string, opts Options) (Files, error) {
	if len(opts.Years) == 0 {
		return Files{}, errors.New("demo: no years")
	}
	if opts.Persons < 0 || opts.OPDs < 0 || opts.Activities < 0 || opts.Regencies < 0 {
		return Files{}, errors.New("demo: negative count")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Files{}, fmt.Errorf("demo: %w", err)
	}
	var set *regionSet
	var err error
	if opts.National {
		set, err = nationalRegions(opts.Seed, opts.Regencies)
	} else {
		set, err = demoRegions(opts.Seed)
	}
	if err != nil {
		return Files{}, fmt.Errorf("demo: %w", err)
	}
	years := make([]yearParams, len(opts.Years))
	for i, y := range opts.Years {
		years[i] = yearParams{year: y, by: paramsFor(opts.Seed, set, y)}
	}

	var files Files
	if opts.National {
		files.Regions = filepath.Join(dir, RegionsFile)
		if err := writeFile(files.Regions, func(w io.Writer) error { return writeRegions(w, set) }); err != nil {
			return Files{}, err
		}
	}
	files.Indicators = filepath.Join(dir, IndicatorsFile)
	if err := writeFile(files.Indicators, func(w io.Writer) error { return writeIndicators(w, set, years) }); err != nil {
		return Files{}, err
	}
	if opts.Persons > 0 {
		files.Microdata = filepath.Join(dir, MicrodataFile)
		err := writeFile(files.Microdata, func(w io.Writer) error { return streamMicrodata(ctx, w, opts, set, years) })
		if err != nil {
			return Files{}, err
		}
	}
	if opts.OPDs > 0 {
		files.Programs = filepath.Join(dir, ProgramsFile)
		if err := writeFile(files.Programs, func(w io.Writer) error { return writePrograms(w, opts) }); err != nil {
			return Files{}, err
		}
		if opts.Evaluation {
			files.GBS = filepath.Join(dir, GBSFile)
			if err := writeFile(files.GBS, func(w io.Writer) error { return writeGBS(w, opts) }); err != nil {
				return Files{}, err
			}
			files.Readiness = filepath.Join(dir, ReadinessFile)
			if err := writeFile(files.Readiness, func(w io.Writer) error { return writeReadiness(w, opts) }); err != nil {
				return Files{}, err
			}
		}
	}
	return files, nil
}

// writeFile writes path through write, atomically.
func writeFile(path string, write func(io.Writer) error) error {
	if err := durable.Write(path, 0o644, write); err != nil {
		return fmt.Errorf("demo: %s: %w", filepath.Base(path), err)
	}
	return nil
}

func appendInt(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) }

func appendFloat(b []byte, v float64, decimals int) []byte {
	return strconv.AppendFloat(b, v, 'f', decimals, 64)
}
