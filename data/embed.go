package data

import "embed"

// HomeRegion is the BPS code of the region setara is run for, Kota Medan: the region the web
// dashboard, the annual report and the demo summary show unless told otherwise.
const HomeRegion = "1275"

// Prerequisites are the seven prerequisites of PUG (the national evaluation's, APE), in the
// guidance's order: the readiness input kind's vocabulary and the order every surface lists
// them in (the SQL of queries/ingest/check_readiness.sql and the pug_readiness stage hold
// the same list).
var Prerequisites = []string{"komitmen", "kebijakan", "kelembagaan", "sumber_daya", "data_terpilah",
	"alat_analisis", "partisipasi_masyarakat"}

// Reference is the set of reference files; each NAME.csv fills the warehouse table ref_NAME
// (regions.csv fills ref_region, indicators.csv fills ref_indicator, constants.csv fills
// ref_constant: the goalposts, caps, floors and calibrated constants of the index formulas,
// findings.csv fills ref_finding: the PUG evaluation's findings with their texts and
// recommendations in Indonesian and English).
//
//go:embed regions.csv indicators.csv constants.csv findings.csv
var Reference embed.FS

// Columns is columns.csv: for every input kind, each contract column (kind, column) and its
// Indonesian name (name_id), which ingest accepts in a header and Indonesian templates write.
//
//go:embed columns.csv
var Columns []byte

// RegionAliases is region_aliases.csv: other names of regions (former names, spellings) that
// a BPS-style table may use (region_code, alias, note).
//
//go:embed region_aliases.csv
var RegionAliases []byte

// IndicatorTitles is indicator_titles.csv: phrases by which the title of a BPS-style table
// names a catalog indicator (code, phrase), besides the catalog's names and aliases.
//
//go:embed indicator_titles.csv
var IndicatorTitles []byte

// Maps holds the region boundaries of the choropleth maps (maps/README.md: source, licence,
// attribution): maps/medan_kecamatan.geojson (Kota Medan's kecamatan) and
// maps/sumut_kabkota.geojson (Sumatera Utara's kab/kota and Danau Toba), keyed by kode_bps.
//
//go:embed maps/README.md maps/medan_kecamatan.geojson maps/sumut_kabkota.geojson
var Maps embed.FS

// MapFiles names, per parent region code, the boundary file in Maps that draws its children:
// Kota Medan's kecamatan and Sumatera Utara's kab/kota.
func MapFiles() map[string]string {
	return map[string]string{HomeRegion: "maps/medan_kecamatan.geojson", "12": "maps/sumut_kabkota.geojson"}
}
