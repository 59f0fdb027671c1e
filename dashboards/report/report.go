package report

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/setara-pug/setara/dashboards/present"
	"github.com/setara-pug/setara/data"
	"github.com/setara-pug/setara/pipeline/snapshot"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

// DefaultRegion is the region of a report that names none: the home region, Kota Medan.
const DefaultRegion = data.HomeRegion

// ErrUnknownRegion means the region code is not in the snapshot's region table.
var ErrUnknownRegion = errors.New("report: unknown region")

// Options choose what Build reports on.
type Options struct {
	Year       int
	Region     string // BPS code; "" means DefaultRegion
	Lang       string // "id" (default) or "en"
	SnapshotID string // shown on the cover; "" means snapshot_info.snapshot
}

// Report is everything the report shows, read from one snapshot.
type Report struct {
	Year        int
	Lang        Lang
	Region      Area
	Compare     []Area // the region first, then its ancestors (province, country)
	SnapshotID  string
	PublishedAt time.Time
	Demo        bool
	Label       string

	Indices       []IndexSeries // ipg, idg, ikg (those published)
	Indicators    []Indicator
	KeyIndicators []string // indicator codes of the kecamatan comparison, in column order
	Districts     []District
	Programs      []Program
	ProgramTotal  *Program // nil without program data
	TargetGroups  []TargetGroup
	Ranking       []Rank
	Evaluation    []EvaluationOPD
	IndexChecks   []IndexCheck
	Readiness     []Readiness
	Findings      []Finding
	IndexGaps     []IndexGap
	OPDGaps       []OPDGap
	Methods       []Method
	Microdata     []MicrodataSummary
	Unreliable    []UnreliableCell

	// Missing lists the published tables the snapshot lacks; their sections say so.
	Missing []string

	catalog map[string]catalogEntry
}

// Area is a region with its name.
type Area struct {
	Code, Name string
}

// IndexSeries is one index of the region and its comparison regions over the years.
type IndexSeries struct {
	Code   string
	Points []IndexPoint // by year, ascending
}

// IndexPoint is one year of an index: Values[i] belongs to Report.Compare[i].
type IndexPoint struct {
	Year        int
	Values      []sql.NullFloat64
	Approximate bool   // the region's own value is an approximation
	Note        string // the region's own note
}

// Indicator is one sex-disaggregated indicator of the region in the report year.
type Indicator struct {
	Topic, Code, NameID, NameEN, UnitID, UnitEN string
	Female, Male, Total, Ratio, Difference      sql.NullFloat64
	Microdata, Reliable                         bool
	Caution                                     bool // a value is a survey estimate with an RSE of 25-50 %
	NMin                                        sql.NullInt64
	Mixed                                       bool // the gap's P and L come from different origins or surveys
}

// District is one kecamatan with its key indicators (keyed by indicator code).
type District struct {
	Code, Name string
	Values     map[string]SexPair
}

// SexPair is an indicator by sex with its parity ratio.
type SexPair struct {
	Female, Male, Ratio sql.NullFloat64
	Reliable, Microdata bool
	Mixed               bool // P and L from different origins or surveys
}

// Program is one OPD's row of program_summary (or the city total, with OPDCode "").
type Program struct {
	OPDCode, OPDName                       string
	OPDs                                   int64 // the total row only
	Activities, ResponsiveActivities       int64
	Budget, Realization, RealizationRate   sql.NullFloat64
	ResponsiveBudget, ResponsiveShare      sql.NullFloat64
	OutputAchievement, FemaleShare         sql.NullFloat64
	BeneficiariesFemale, BeneficiariesMale int64
}

// TargetGroup is one row of target_group_summary.
type TargetGroup struct {
	Code                                   string
	Activities                             int64
	Budget, Realization                    sql.NullFloat64
	BeneficiariesFemale, BeneficiariesMale int64
}

// Rank is one row of opd_ranking.
type Rank struct {
	Rank                                    int64
	OPDCode, OPDName                        string
	Score, ResponsiveShare, RealizationRate sql.NullFloat64
	OutputAchievement, FemaleShare          sql.NullFloat64
}

// IndexGap groups the region or its kecamatan by an index and what it lacks.
type IndexGap struct {
	Own      bool // the region itself, not its kecamatan
	Index    string
	Complete bool
	Missing  []string // index inputs, "indicator.SEX"
	Regions  int64
	Names    string
}

// OPDGap is an OPD whose summary lacks sex-disaggregated data.
type OPDGap struct {
	OPDCode, OPDName          string
	NoBeneficiaries, NoOutput bool
}

// Method is one row of index_catalog.
type Method struct {
	Code, NameID, NameEN, Scale, Formula, Source string
	Inputs                                       []string
}

// MicrodataSummary counts the microdata estimates of one indicator.
type MicrodataSummary struct {
	Indicator                  string
	Cells, Regions, Unreliable int64
	NMin                       sql.NullInt64
}

// UnreliableCell is one estimate flagged unreliable.
type UnreliableCell struct {
	Region, Indicator, Sex string
	Value                  sql.NullFloat64
	N                      sql.NullInt64
}

type catalogEntry struct{ nameID, nameEN, unitID, unitEN string }

// keyIndicators are the indicators compared across kecamatan (districts.sql selects them).
var keyIndicators = []string{"labour_force_participation", "senior_high_education", "mean_schooling"}

// Build reads the report for opts from the snapshot db.
func Build(ctx context.Context, db *sql.DB, opts Options) (*Report, error) {
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	lang, err := present.ParseLang(opts.Lang)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if opts.Year < 1900 || opts.Year > 3000 {
		return nil, fmt.Errorf("report: year %d out of range", opts.Year)
	}
	b := &builder{db: db, r: &Report{Year: opts.Year, Lang: lang, SnapshotID: opts.SnapshotID,
		KeyIndicators: keyIndicators, catalog: map[string]catalogEntry{}}}
	if err := b.build(ctx, opts.Region); err != nil {
		return nil, err
	}
	return b.r, nil
}

type builder struct {
	db     *sql.DB
	r      *Report
	tables map[string]bool
}

func (b *builder) has(tables ...string) bool {
	ok := true
	for _, t := range tables {
		if !b.tables[t] {
			ok = false
			if !contains(b.r.Missing, t) {
				b.r.Missing = append(b.r.Missing, t)
			}
		}
	}
	return ok
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// query runs the embedded file sql/NAME and calls scan for every row.
func (b *builder) query(ctx context.Context, name string, scan func(*sql.Rows) error, args ...any) error {
	if err := snapshot.Each(ctx, b.db, sqlFiles, "sql/"+name, scan, args...); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// queryAll runs the embedded file sql/NAME and appends to dst one value a row, filled by scan.
func queryAll[T any](ctx context.Context, b *builder, name string, dst *[]T, scan func(*sql.Rows, *T) error, args ...any) error {
	return b.query(ctx, name, func(rows *sql.Rows) error {
		var x T
		err := scan(rows, &x)
		*dst = append(*dst, x)
		return err
	}, args...)
}

// splitList splits a comma-separated list; the empty string is no list.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func (b *builder) build(ctx context.Context, region string) error {
	r := b.r
	b.tables = map[string]bool{}
	if err := b.query(ctx, "tables.sql", func(rows *sql.Rows) error {
		var t string
		err := rows.Scan(&t)
		b.tables[t] = true
		return err
	}); err != nil {
		return err
	}
	if !b.has("region") {
		return fmt.Errorf("report: the snapshot has no region table")
	}
	if err := queryAll(ctx, b, "regions.sql", &r.Compare, func(rows *sql.Rows, a *Area) error {
		var depth int
		return rows.Scan(&a.Code, &a.Name, &depth)
	}, region); err != nil {
		return err
	}
	if len(r.Compare) == 0 {
		return fmt.Errorf("%w %q", ErrUnknownRegion, region)
	}
	r.Region = r.Compare[0]

	if b.has("snapshot_info") {
		var id string
		var at sql.NullTime
		if err := b.query(ctx, "snapshot_info.sql", func(rows *sql.Rows) error {
			return rows.Scan(&id, &at, &r.Demo, &r.Label)
		}); err != nil {
			return err
		}
		r.PublishedAt = at.Time
		if r.SnapshotID == "" {
			r.SnapshotID = strings.TrimSuffix(id, ".duckdb")
		}
	}
	if b.has("indicator_catalog") {
		if err := b.loadCatalog(ctx); err != nil {
			return err
		}
	}
	steps := []struct {
		tables []string
		load   func(context.Context, string) error
	}{
		{[]string{"gender_index"}, b.loadIndices},
		{[]string{"indicator_value", "indicator_catalog", "gender_gap"}, b.loadIndicators},
		{[]string{"program_summary"}, b.loadPrograms},
		{[]string{"target_group_summary"}, b.loadTargetGroups},
		{[]string{"opd_ranking"}, b.loadRanking},
		{[]string{"opd_evaluation", "pug_readiness", "opd_finding", "finding_catalog"}, b.loadEvaluation},
		{[]string{"index_check"}, b.loadIndexChecks},
		{[]string{"data_completeness"}, b.loadIndexGaps},
		{[]string{"index_catalog"}, b.loadMethods},
		{[]string{"indicator_value"}, b.loadMicrodata},
	}
	for _, s := range steps {
		if !b.has(s.tables...) {
			continue
		}
		if err := s.load(ctx, region); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) loadCatalog(ctx context.Context) error {
	return b.query(ctx, "catalog.sql", func(rows *sql.Rows) error {
		var code string
		var e catalogEntry
		err := rows.Scan(&code, &e.nameID, &e.nameEN, &e.unitID, &e.unitEN)
		b.r.catalog[code] = e
		return err
	})
}

func (b *builder) loadIndices(ctx context.Context, _ string) error {
	r := b.r
	byCode := map[string]*IndexSeries{}
	for i, area := range r.Compare {
		err := b.query(ctx, "indices.sql", func(rows *sql.Rows) error {
			var year int
			var code, note, noteID string
			var v sql.NullFloat64
			var complete, approx bool
			if err := rows.Scan(&year, &code, &v, &complete, &approx, &note, &noteID); err != nil {
				return err
			}
			if r.Lang == Indonesian && noteID != "" {
				note = noteID // the stages publish each note in English and Indonesian
			}
			s := byCode[code]
			if s == nil {
				s = &IndexSeries{Code: code}
				byCode[code] = s
			}
			p := s.point(year, len(r.Compare))
			p.Values[i] = v
			if i == 0 {
				p.Approximate, p.Note = approx, note
			}
			return nil
		}, area.Code, r.Year)
		if err != nil {
			return err
		}
	}
	for _, code := range []string{"ipg", "idg", "ikg"} {
		if s := byCode[code]; s != nil {
			r.Indices = append(r.Indices, *s)
		}
	}
	return nil
}

// point returns the point of year, inserting it in year order.
func (s *IndexSeries) point(year, n int) *IndexPoint {
	for i := range s.Points {
		if s.Points[i].Year == year {
			return &s.Points[i]
		}
	}
	p := IndexPoint{Year: year, Values: make([]sql.NullFloat64, n)}
	i := len(s.Points)
	for i > 0 && s.Points[i-1].Year > year {
		i--
	}
	s.Points = append(s.Points, IndexPoint{})
	copy(s.Points[i+1:], s.Points[i:])
	s.Points[i] = p
	return &s.Points[i]
}

// Latest returns the point of the report year and the one of the year before, if published.
func (s IndexSeries) Latest(year int) (cur, prev *IndexPoint) {
	for i := range s.Points {
		switch s.Points[i].Year {
		case year:
			cur = &s.Points[i]
		case year - 1:
			prev = &s.Points[i]
		}
	}
	return cur, prev
}

func (b *builder) loadIndicators(ctx context.Context, region string) error {
	r := b.r
	if err := queryAll(ctx, b, "indicators.sql", &r.Indicators, func(rows *sql.Rows, x *Indicator) error {
		return rows.Scan(&x.Topic, &x.Code, &x.NameID, &x.NameEN, &x.UnitID, &x.UnitEN,
			&x.Female, &x.Male, &x.Total, &x.Ratio, &x.Difference, &x.Microdata, &x.Reliable, &x.Caution, &x.NMin, &x.Mixed)
	}, region, r.Year); err != nil {
		return err
	}
	var cur *District
	return b.query(ctx, "districts.sql", func(rows *sql.Rows) error {
		var code, name, ind string
		var p SexPair
		if err := rows.Scan(&code, &name, &ind, &p.Female, &p.Male, &p.Ratio, &p.Reliable, &p.Microdata, &p.Mixed); err != nil {
			return err
		}
		if cur == nil || cur.Code != code {
			r.Districts = append(r.Districts, District{Code: code, Name: name, Values: map[string]SexPair{}})
			cur = &r.Districts[len(r.Districts)-1]
		}
		cur.Values[ind] = p
		return nil
	}, region, r.Year)
}

func (b *builder) loadPrograms(ctx context.Context, _ string) error {
	r := b.r
	if err := queryAll(ctx, b, "programs.sql", &r.Programs, func(rows *sql.Rows, p *Program) error {
		var bf, bm sql.NullInt64
		err := rows.Scan(&p.OPDCode, &p.OPDName, &p.Activities, &p.ResponsiveActivities, &p.Budget,
			&p.Realization, &p.RealizationRate, &p.ResponsiveBudget, &p.ResponsiveShare,
			&p.OutputAchievement, &bf, &bm, &p.FemaleShare)
		p.BeneficiariesFemale, p.BeneficiariesMale = bf.Int64, bm.Int64
		return err
	}, r.Year); err != nil {
		return err
	}
	if len(r.Programs) == 0 {
		return nil
	}
	t := &Program{}
	if err := b.query(ctx, "programs_total.sql", func(rows *sql.Rows) error {
		return rows.Scan(&t.OPDs, &t.Activities, &t.ResponsiveActivities, &t.Budget, &t.Realization,
			&t.RealizationRate, &t.ResponsiveBudget, &t.ResponsiveShare, &t.BeneficiariesFemale, &t.BeneficiariesMale)
	}, r.Year); err != nil {
		return err
	}
	r.ProgramTotal = t
	return queryAll(ctx, b, "completeness_opd.sql", &r.OPDGaps, func(rows *sql.Rows, g *OPDGap) error {
		return rows.Scan(&g.OPDCode, &g.OPDName, &g.NoBeneficiaries, &g.NoOutput)
	}, r.Year)
}

func (b *builder) loadTargetGroups(ctx context.Context, _ string) error {
	return queryAll(ctx, b, "target_groups.sql", &b.r.TargetGroups, func(rows *sql.Rows, g *TargetGroup) error {
		var bf, bm sql.NullInt64
		err := rows.Scan(&g.Code, &g.Activities, &g.Budget, &g.Realization, &bf, &bm)
		g.BeneficiariesFemale, g.BeneficiariesMale = bf.Int64, bm.Int64
		return err
	}, b.r.Year)
}

func (b *builder) loadRanking(ctx context.Context, _ string) error {
	return queryAll(ctx, b, "ranking.sql", &b.r.Ranking, func(rows *sql.Rows, x *Rank) error {
		return rows.Scan(&x.Rank, &x.OPDCode, &x.OPDName, &x.Score, &x.ResponsiveShare,
			&x.RealizationRate, &x.OutputAchievement, &x.FemaleShare)
	}, b.r.Year)
}

func (b *builder) loadIndexGaps(ctx context.Context, region string) error {
	return queryAll(ctx, b, "completeness_index.sql", &b.r.IndexGaps, func(rows *sql.Rows, g *IndexGap) error {
		var missing string
		err := rows.Scan(&g.Own, &g.Index, &g.Complete, &missing, &g.Regions, &g.Names)
		g.Missing = splitList(missing)
		return err
	}, region, b.r.Year)
}

func (b *builder) loadMethods(ctx context.Context, _ string) error {
	return queryAll(ctx, b, "methods.sql", &b.r.Methods, func(rows *sql.Rows, m *Method) error {
		var inputs string
		err := rows.Scan(&m.Code, &m.NameID, &m.NameEN, &m.Scale, &m.Formula, &m.Source, &inputs)
		m.Inputs = splitList(inputs)
		return err
	})
}

func (b *builder) loadMicrodata(ctx context.Context, region string) error {
	r := b.r
	if err := queryAll(ctx, b, "microdata.sql", &r.Microdata, func(rows *sql.Rows, m *MicrodataSummary) error {
		return rows.Scan(&m.Indicator, &m.Cells, &m.Regions, &m.NMin, &m.Unreliable)
	}, region, r.Year); err != nil {
		return err
	}
	return queryAll(ctx, b, "unreliable.sql", &r.Unreliable, func(rows *sql.Rows, c *UnreliableCell) error {
		return rows.Scan(&c.Region, &c.Indicator, &c.Sex, &c.Value, &c.N)
	}, region, r.Year)
}

// IndexCheck is a published index value of the region beside setara's (index_check).
type IndexCheck struct {
	Year                int
	Index, Source       string
	Published, Computed sql.NullFloat64
	Agrees              sql.NullBool
	Precision           int
}

func (b *builder) loadIndexChecks(ctx context.Context, _ string) error {
	return queryAll(ctx, b, "index_checks.sql", &b.r.IndexChecks, func(rows *sql.Rows, x *IndexCheck) error {
		return rows.Scan(&x.Year, &x.Index, &x.Published, &x.Computed, &x.Agrees, &x.Precision, &x.Source)
	}, b.r.Region.Code)
}
