package present

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"

	"github.com/setara-pug/setara/data"
)

// Boundaries are the outlines of a set of regions projected into a viewBox of MapWidth by
// Height, ready to draw as a choropleth.
type Boundaries struct {
	Height int
	Shapes []Shape // in file order
}

// Shape is one projected region outline.
type Shape struct {
	Code  string // BPS code (kode_bps)
	Name  string // the name in the boundary file
	Water bool   // a lake (jenis "perairan"): drawn as water, never as a region
	Path  string // SVG path data in viewBox coordinates
}

// MapWidth is the width of every map's viewBox; the SVG scales to its card.
const MapWidth = 600

const (
	mapPad = 4.0
	// mapTolerance drops a vertex closer than this (viewBox units: one pixel at 600 px) to
	// the last one kept: the files hold more detail than a card can show.
	mapTolerance = 1.0
)

type geoCollection struct {
	Features []struct {
		Properties map[string]any `json:"properties"`
		Geometry   struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// ParseBoundaries reads a GeoJSON FeatureCollection in longitude/latitude whose features
// carry kode_bps and a name (kecamatan or kabkota), and projects it: longitude scaled by the
// cosine of the middle latitude, north up, fitted to MapWidth.
func ParseBoundaries(name string, b []byte) (*Boundaries, error) {
	var fc geoCollection
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("%s: not a GeoJSON feature collection: %w", name, err)
	}
	rings := make([][][][2]float64, len(fc.Features)) // feature -> polygon rings (outer and holes of every part)
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i, f := range fc.Features {
		var err error
		switch f.Geometry.Type {
		case "Polygon":
			err = json.Unmarshal(f.Geometry.Coordinates, &rings[i])
		case "MultiPolygon":
			var parts [][][][2]float64
			err = json.Unmarshal(f.Geometry.Coordinates, &parts)
			for _, p := range parts {
				rings[i] = append(rings[i], p...)
			}
		default:
			err = fmt.Errorf("geometry %q (expected Polygon or MultiPolygon)", f.Geometry.Type)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: feature %d: %w", name, i+1, err)
		}
		for _, r := range rings[i] {
			for _, p := range r {
				minX, maxX = math.Min(minX, p[0]), math.Max(maxX, p[0])
				minY, maxY = math.Min(minY, p[1]), math.Max(maxY, p[1])
			}
		}
	}
	if math.IsInf(minX, 0) || maxX == minX || maxY == minY {
		return nil, fmt.Errorf("%s: no coordinates (expected polygons of the regions)", name)
	}
	kx := math.Cos((minY + maxY) / 2 * math.Pi / 180)
	scale := (MapWidth - 2*mapPad) / ((maxX - minX) * kx)
	bd := &Boundaries{Height: int(math.Ceil((maxY-minY)*scale + 2*mapPad))}
	project := func(p [2]float64) (float64, float64) {
		return mapPad + (p[0]-minX)*kx*scale, mapPad + (maxY-p[1])*scale
	}
	for i, f := range fc.Features {
		code, _ := f.Properties["kode_bps"].(string)
		if code == "" {
			return nil, fmt.Errorf("%s: feature %d: no kode_bps (expected the BPS code of the region)", name, i+1)
		}
		label, _ := f.Properties["kecamatan"].(string)
		if label == "" {
			label, _ = f.Properties["kabkota"].(string)
		}
		kind, _ := f.Properties["jenis"].(string)
		bd.Shapes = append(bd.Shapes, Shape{Code: code, Name: label, Water: kind == "perairan", Path: ringsPath(rings[i], project)})
	}
	return bd, nil
}

// ringsPath writes the rings as one path (even-odd holes), dropping vertices nearer than
// mapTolerance to the previous one kept.
func ringsPath(rings [][][2]float64, project func([2]float64) (float64, float64)) string {
	var b strings.Builder
	for _, r := range rings {
		var kept [][2]float64
		for j, p := range r {
			x, y := project(p)
			if n := len(kept); n > 0 && j < len(r)-1 && math.Hypot(x-kept[n-1][0], y-kept[n-1][1]) < mapTolerance {
				continue
			}
			kept = append(kept, [2]float64{round1(x), round1(y)})
		}
		if len(kept) < 3 {
			continue
		}
		for j, p := range kept {
			if j == 0 {
				b.WriteString("M")
			} else {
				b.WriteString("L")
			}
			b.WriteString(fmtCoord(p[0]) + " " + fmtCoord(p[1]))
		}
		b.WriteString("Z")
	}
	return b.String()
}

// Choropleth is a map of regions shaded by class of value; a region without a value is
// hatched, a lake is drawn as water.
type Choropleth struct {
	ID          string
	Title, Desc string
	Width       int
	Height      int
	Regions     []MapRegion
	Water       []MapRegion
	Unit        string
	Legend      []LegendItem // class breaks, then "no data", then water
	Attribution string
}

// MapRegion is one drawn region.
type MapRegion struct {
	Code, Class, Path, Title string
	NoData                   bool
}

// MapValue is the value of one region and its text (with its marks, such as ≈).
type MapValue struct {
	Value float64
	Text  string
}

// MapSpec is what a choropleth shows: the value of each region code (absent or NaN: no
// data), the names to show (the boundary file's when absent), the unit of the legend and the
// format of its breaks.
type MapSpec struct {
	ID, Title, Desc string
	Values          map[string]MapValue
	Names           map[string]string
	Unit            string
	Format          func(float64) string
}

// mapClasses is the most classes a map shades (css classes q0-q4, light to dark).
const mapClasses = 5

// SVG renders the map.
func (c *Choropleth) SVG() template.HTML { return render("choropleth", c) }

// NewChoropleth lays out s over the boundaries: equal-interval classes between the smallest
// and largest value (fewer when there are fewer distinct values), darker for larger.
func NewChoropleth(l Lang, b *Boundaries, s MapSpec) *Choropleth {
	c := &Choropleth{ID: s.ID, Title: s.Title, Desc: s.Desc, Width: MapWidth, Height: b.Height, Unit: s.Unit, Attribution: l.T("map.attribution")}
	var distinct []float64
	seen := map[float64]bool{}
	for _, sh := range b.Shapes {
		if v, ok := s.Values[sh.Code]; ok && !sh.Water && !math.IsNaN(v.Value) && !seen[v.Value] {
			seen[v.Value] = true
			distinct = append(distinct, v.Value)
		}
	}
	sort.Float64s(distinct)
	k := min(mapClasses, len(distinct))
	class := func(float64) int { return 0 }
	if k > 1 {
		lo, hi := distinct[0], distinct[len(distinct)-1]
		step := (hi - lo) / float64(k)
		class = func(v float64) int { return min(k-1, int((v-lo)/step)) }
		for i := 0; i < k; i++ {
			c.Legend = append(c.Legend, LegendItem{Class: classOf(i, k), Name: s.Format(lo+float64(i)*step) + " – " + s.Format(lo+float64(i+1)*step)})
		}
	} else if k == 1 {
		c.Legend = append(c.Legend, LegendItem{Class: classOf(0, 1), Name: s.Format(distinct[0])})
	}
	noData, water := false, ""
	for _, sh := range b.Shapes {
		name := sh.Name
		if n := s.Names[sh.Code]; n != "" {
			name = n
		}
		if sh.Water {
			water = name
			c.Water = append(c.Water, MapRegion{Code: sh.Code, Class: "water", Path: sh.Path, Title: name})
			continue
		}
		r := MapRegion{Code: sh.Code, Path: sh.Path}
		if v, ok := s.Values[sh.Code]; ok && !math.IsNaN(v.Value) {
			r.Class, r.Title = classOf(class(v.Value), k), name+": "+v.Text
		} else {
			r.Class, r.Title, r.NoData = "nodata", name+": "+l.T("map.nodata"), true
			noData = true
		}
		c.Regions = append(c.Regions, r)
	}
	if noData {
		c.Legend = append(c.Legend, LegendItem{Class: "nodata", Name: l.T("map.nodata")})
	}
	if water != "" {
		c.Legend = append(c.Legend, LegendItem{Class: "water", Name: water})
	}
	return c
}

// classOf spreads k classes over the five shades, so two classes are the lightest and the
// darkest rather than the two lightest.
func classOf(i, k int) string {
	if k <= 1 {
		return "q2"
	}
	return fmt.Sprintf("q%d", int(math.Round(float64(i)*float64(mapClasses-1)/float64(k-1))))
}

// LoadMaps parses the embedded boundaries (data.MapFiles), keyed by the parent region whose
// children they draw: Kota Medan's kecamatan and Sumatera Utara's kab/kota.
func LoadMaps() (map[string]*Boundaries, error) {
	maps := map[string]*Boundaries{}
	for parent, file := range data.MapFiles() {
		raw, err := data.Maps.ReadFile(file)
		if err != nil {
			return nil, err
		}
		b, err := ParseBoundaries("data/"+file, raw)
		if err != nil {
			return nil, err
		}
		maps[parent] = b
	}
	return maps, nil
}
