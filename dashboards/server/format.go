package server

import (
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

type format int

const (
	formatJSON format = iota
	formatCSV
	formatArrow
)

// Media types of the answers.
const (
	mediaJSON  = "application/json"
	mediaCSV   = "text/csv"
	mediaArrow = "application/vnd.apache.arrow.stream"
)

var formatNames = map[string]format{"json": formatJSON, "csv": formatCSV, "arrow": formatArrow}

var mediaFormats = map[string]format{
	mediaJSON: formatJSON, "application/*": formatJSON, "*/*": formatJSON,
	mediaCSV: formatCSV, "text/*": formatCSV,
	mediaArrow: formatArrow,
}

// negotiate picks the answer format: ?format=json|csv|arrow, else the Accept media type
// with the highest q (JSON when Accept is absent). On failure it also returns the status:
// 400 for a bad ?format, 406 for an Accept it cannot meet.
func negotiate(r *http.Request, allowArrow bool) (format, int, error) {
	if name := r.URL.Query().Get("format"); name != "" {
		f, ok := formatNames[strings.ToLower(name)]
		if !ok || (f == formatArrow && !allowArrow) {
			return 0, http.StatusBadRequest, errors.New("unknown format " + strconv.Quote(name) + " (expected json or csv" + map[bool]string{true: " or arrow", false: ""}[allowArrow] + ")")
		}
		return f, 0, nil
	}
	accept := r.Header.Get("Accept")
	if strings.TrimSpace(accept) == "" {
		return formatJSON, 0, nil
	}
	best, bestQ := format(-1), 0.0
	for _, part := range strings.Split(accept, ",") {
		media, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		f, ok := mediaFormats[media]
		if !ok || (f == formatArrow && !allowArrow) {
			continue
		}
		q := 1.0
		if s, ok := params["q"]; ok {
			if v, err := strconv.ParseFloat(s, 64); err == nil {
				q = v
			}
		}
		if q > bestQ {
			best, bestQ = f, q
		}
	}
	if best < 0 {
		return 0, http.StatusNotAcceptable, errors.New("cannot answer in " + accept + " (offered: " + mediaJSON + ", " + mediaCSV + map[bool]string{true: ", " + mediaArrow, false: ""}[allowArrow] + ")")
	}
	return best, 0, nil
}
