package web

import (
	"context"
	"database/sql"
	"embed"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/pipeline/snapshot"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

// scanAll runs the embedded file sql/NAME.sql on the snapshot and calls scan for each row.
func scanAll(ctx context.Context, db *sql.DB, name string, scan func(*sql.Rows) error, args ...any) error {
	return snapshot.Each(ctx, db, sqlFiles, "sql/"+name+".sql", scan, args...)
}

// scanKeyed runs the query name and keeps each row, filled by scan, both in list (in query
// order) and in by under key(row).
func scanKeyed[T any](ctx context.Context, db *sql.DB, name string, list *[]T, by map[string]T,
	key func(T) string, scan func(*sql.Rows, *T) error) error {
	return scanAll(ctx, db, name, func(r *sql.Rows) error {
		var x T
		if err := scan(r, &x); err != nil {
			return err
		}
		*list = append(*list, x)
		by[key(x)] = x
		return nil
	})
}

type snapshotInfo struct {
	RunID       int64
	Snapshot    string
	PublishedAt time.Time
	Demo        bool
	Label       string
}

type region struct {
	Code, Name, Level, Parent string
}

type indicatorDef struct {
	Code, NameID, NameEN, Unit, UnitID, UnitEN, Topic string
	HigherIsBetter                                    bool
}

type indexDef struct {
	Code, NameID, NameEN, Scale, Formula, Source, Inputs string
}

// catalog is what every page needs: the snapshot, regions and the two catalogs.
type catalog struct {
	info       snapshotInfo
	regions    []region
	regionBy   map[string]region
	indicators []indicatorDef
	indicator  map[string]indicatorDef
	indices    []indexDef
	index      map[string]indexDef
}

// catalogCache keeps the catalogs of the two snapshots loaded last (during a switch, requests
// hold the old one while the new one is warmed). A catalog is the same for every page of a
// snapshot and loading it was about half the cost of building a page at national scale (550
// regions). Pages only read a catalog, so one is shared by concurrent requests.
type catalogCache struct {
	loads atomic.Int64 // catalogs loaded; for tests

	mu   sync.Mutex
	last [2]catalogEntry // newest first
}

type catalogEntry struct {
	snapshot string
	cat      *catalog
}

// get returns the catalog of snapshot rd, loading it unless it is one of the last two.
// Concurrent first requests of a snapshot may each load it; the last one kept wins.
func (c *catalogCache) get(ctx context.Context, rd *snapshot.Reader) (*catalog, error) {
	c.mu.Lock()
	for _, e := range c.last {
		if e.cat != nil && e.snapshot == rd.ID {
			c.mu.Unlock()
			return e.cat, nil
		}
	}
	c.mu.Unlock()
	c.loads.Add(1)
	cat, err := loadCatalog(ctx, rd.DB)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.last[0].snapshot != rd.ID {
		c.last[1], c.last[0] = c.last[0], catalogEntry{snapshot: rd.ID, cat: cat}
	}
	c.mu.Unlock()
	return cat, nil
}

func loadCatalog(ctx context.Context, db *sql.DB) (*catalog, error) {
	c := &catalog{regionBy: map[string]region{}, indicator: map[string]indicatorDef{}, index: map[string]indexDef{}}
	err := scanAll(ctx, db, "snapshot_info", func(r *sql.Rows) error {
		var published sql.NullTime
		var snap sql.NullString
		if err := r.Scan(&c.info.RunID, &snap, &published, &c.info.Demo, &c.info.Label); err != nil {
			return err
		}
		c.info.Snapshot, c.info.PublishedAt = snap.String, published.Time
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = scanKeyed(ctx, db, "regions", &c.regions, c.regionBy, func(g region) string { return g.Code },
		func(r *sql.Rows, g *region) error { return r.Scan(&g.Code, &g.Name, &g.Level, &g.Parent) })
	if err != nil {
		return nil, err
	}
	err = scanKeyed(ctx, db, "indicator_catalog", &c.indicators, c.indicator, func(d indicatorDef) string { return d.Code },
		func(r *sql.Rows, d *indicatorDef) error {
			return r.Scan(&d.Code, &d.NameID, &d.NameEN, &d.Unit, &d.UnitID, &d.UnitEN, &d.HigherIsBetter, &d.Topic)
		})
	if err != nil {
		return nil, err
	}
	err = scanKeyed(ctx, db, "index_catalog", &c.indices, c.index, func(d indexDef) string { return d.Code },
		func(r *sql.Rows, d *indexDef) error {
			err := r.Scan(&d.Code, &d.NameID, &d.NameEN, &d.Scale, &d.Formula, &d.Source, &d.Inputs)
			d.Inputs = strings.Trim(d.Inputs, "[]")
			return err
		})
	if err != nil {
		return nil, err
	}
	c.indices = orderIndices(c.indices)
	return c, nil
}

// headlineOrder is the order indices appear in: BPS first, then UNDP.
var headlineOrder = []string{"ipg", "idg", "ikg", "gdi", "gii", "hdi_f", "hdi_m"}

func orderIndices(defs []indexDef) []indexDef {
	rank := func(code string) int {
		for i, c := range headlineOrder {
			if c == code {
				return i
			}
		}
		return len(headlineOrder)
	}
	out := append([]indexDef(nil), defs...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && rank(out[j].Code) < rank(out[j-1].Code); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// ancestors returns code and the regions above it, nearest first (Kota Medan, Sumatera Utara,
// Indonesia).
func (c *catalog) ancestors(code string) []region {
	var out []region
	seen := map[string]bool{}
	for code != "" && !seen[code] {
		g, ok := c.regionBy[code]
		if !ok {
			break
		}
		seen[code] = true
		out = append(out, g)
		code = g.Parent
	}
	return out
}

func (c *catalog) regionName(code string) string {
	if g, ok := c.regionBy[code]; ok {
		return g.Name
	}
	return code
}

type indexValue struct {
	Year                  int
	Code                  string
	Value                 float64
	Complete, Approximate bool
	Note, NoteID          string // the stage's note in English and Indonesian
}

// note is the value's note in the page's language (English when no Indonesian one exists).
func (v indexValue) note(l present.Lang) string {
	if v.NoteID == "" {
		return v.Note
	}
	return l.Pick(v.NoteID, v.Note)
}

func loadIndexValues(ctx context.Context, db *sql.DB, regionCode string) ([]indexValue, error) {
	var out []indexValue
	err := scanAll(ctx, db, "index_values", func(r *sql.Rows) error {
		var v indexValue
		if err := r.Scan(&v.Year, &v.Code, &v.Value, &v.Complete, &v.Approximate, &v.Note, &v.NoteID); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, regionCode)
	return out, err
}

type indicatorValue struct {
	Region   string
	Year     int
	Sex      string
	Value    float64
	Reliable bool
	N        sql.NullInt64
	Source   string
	Origin   string
	Batch    sql.NullInt64
	Unit     string
	Band     string          // publish, caution or suppress (BPS's publication band of a survey estimate)
	RSE      sql.NullFloat64 // relative standard error of a survey estimate
	Missing  sql.NullInt64   // records of a survey estimate's universe left out for an empty value
}

func loadIndicatorValues(ctx context.Context, db *sql.DB, regionCode, indicator string) ([]indicatorValue, error) {
	var out []indicatorValue
	err := scanAll(ctx, db, "indicator_values", func(r *sql.Rows) error {
		v := indicatorValue{Region: regionCode}
		if err := r.Scan(&v.Year, &v.Sex, &v.Value, &v.Reliable, &v.N, &v.Source, &v.Origin, &v.Batch, &v.Unit, &v.Band, &v.RSE, &v.Missing); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, regionCode, indicator)
	return out, err
}

type gap struct {
	Region            string
	Year              int
	Ratio, Difference sql.NullFloat64
	Mixed             bool // P and L from different origins or surveys
}

// loadGaps returns the gender gaps of indicator for code and its children.
func loadGaps(ctx context.Context, db *sql.DB, code, indicator string) ([]gap, error) {
	var out []gap
	err := scanAll(ctx, db, "gender_gap", func(r *sql.Rows) error {
		var g gap
		if err := r.Scan(&g.Region, &g.Year, &g.Ratio, &g.Difference, &g.Mixed); err != nil {
			return err
		}
		out = append(out, g)
		return nil
	}, code, code, indicator)
	return out, err
}

func loadYears(ctx context.Context, db *sql.DB, name string, args ...any) ([]int, error) {
	var out []int
	err := scanAll(ctx, db, name, func(r *sql.Rows) error {
		var y int
		if err := r.Scan(&y); err != nil {
			return err
		}
		out = append(out, y)
		return nil
	}, args...)
	return out, err
}

func loadCount(ctx context.Context, db *sql.DB, name string, args ...any) (int64, error) {
	var n int64
	err := scanAll(ctx, db, name, func(r *sql.Rows) error { return r.Scan(&n) }, args...)
	return n, err
}

// rowScanner is what scan callbacks get.
type rowScanner = *sql.Rows

type sqlFloat = sql.NullFloat64

func itoa(n int) string { return strconv.Itoa(n) }

type sqlInt = sql.NullInt64

func nan() float64 { return math.NaN() }

// sortedYears returns the keys of a year set in order.
func sortedYears(set map[int]bool) []int {
	out := make([]int, 0, len(set))
	for y := range set {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}
