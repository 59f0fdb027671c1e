package web

import (
	"net/url"
	"strconv"

	"github.com/setara-pug/setara/data"
)

// params are the query parameters a page keeps across links.
type params struct {
	Region    string // region code; default Kota Medan
	Year      int    // 0: the latest year with data
	Indicator string
	Index     string
	Sort      string // only for the page it was given to
	Lang      string // "" (Indonesian) or "en"
}

// defaultRegion is the region of a page that names none.
const defaultRegion = data.HomeRegion

// errBadParam is returned for a malformed query parameter.
type errBadParam struct{ name, value string }

func (e errBadParam) Error() string { return "bad parameter " + e.name + "=" + strconv.Quote(e.value) }

func parseParams(v url.Values) (params, error) {
	p := params{
		Region:    v.Get("region"),
		Indicator: v.Get("indicator"),
		Index:     v.Get("index"),
		Sort:      v.Get("sort"),
	}
	if v.Get("lang") == "en" {
		p.Lang = "en"
	}
	if p.Region == "" {
		p.Region = defaultRegion
	}
	if y := v.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1900 || n > 2200 {
			return p, errBadParam{"year", y}
		}
		p.Year = n
	}
	return p, nil
}

// values encodes the kept parameters; defaults are left out to keep links short.
func (p params) values() url.Values {
	v := url.Values{}
	if p.Region != "" && p.Region != defaultRegion {
		v.Set("region", p.Region)
	}
	if p.Year != 0 {
		v.Set("year", strconv.Itoa(p.Year))
	}
	if p.Indicator != "" {
		v.Set("indicator", p.Indicator)
	}
	if p.Index != "" {
		v.Set("index", p.Index)
	}
	if p.Sort != "" {
		v.Set("sort", p.Sort)
	}
	if p.Lang != "" {
		v.Set("lang", p.Lang)
	}
	return v
}

func (p params) url(path string) string {
	if q := p.values().Encode(); q != "" {
		return path + "?" + q
	}
	return path
}

// link is the URL of another page with the same region, year, measure and language (not sort).
func (p params) link(path string) string {
	p.Sort = ""
	return p.url(path)
}
