package server

import (
	"embed"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/setara-pug/setara/dashboards/analyst"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

// readAPI is one filtered read of a published table.
type readAPI struct {
	file    string
	filters []string // query parameters, in the order of the file's $N placeholders
}

var (
	indicesAPI    = readAPI{"sql/indices.sql", []string{"region", "year", "index"}}
	indicatorsAPI = readAPI{"sql/indicators.sql", []string{"region", "year", "indicator", "sex"}}
)

func (s *Server) handleIndices(w http.ResponseWriter, r *http.Request) {
	s.serveRead(w, r, indicesAPI)
}

func (s *Server) handleIndicators(w http.ResponseWriter, r *http.Request) {
	s.serveRead(w, r, indicatorsAPI)
}

func (s *Server) serveRead(w http.ResponseWriter, r *http.Request, api readAPI) {
	reader, f, ok := readerAndFormat(w, r, false)
	if !ok {
		return
	}
	params, err := filterParams(r, api.filters)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	query, err := sqlFiles.ReadFile(api.file)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	res, err := analyst.Fetch(r.Context(), reader.DB, analyst.Query{
		SQL: string(query), Params: params, Timeout: s.opts.QueryTimeout, MaxRows: s.opts.MaxRows,
	})
	if err != nil {
		s.log.Error("read API failed", "file", api.file, "snapshot", reader.ID, "err", err)
		status, _ := queryErrorStatus(err)
		if status == http.StatusUnprocessableEntity {
			status = http.StatusInternalServerError // our SQL, not the caller's
		}
		writeError(w, status, fmt.Sprintf("%s: %v", api.file, err))
		return
	}
	var wf *writeFailure
	if err := writeResult(w, f, res, reader.ID); errors.As(err, &wf) {
		s.log.Warn("read API answer cut short", "file", api.file, "err", wf.err)
	}
}

// filterParams reads the filters (absent or empty: NULL, any value); year must be an integer
// and sex P, L or T. Unknown query parameters are refused so a typo does not silently
// return everything.
func filterParams(r *http.Request, filters []string) ([]any, error) {
	q := r.URL.Query()
	known := map[string]bool{"format": true}
	params := make([]any, len(filters))
	for i, name := range filters {
		known[name] = true
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			continue
		}
		switch name {
		case "year":
			y, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("year %q is not a year", v)
			}
			params[i] = y
		case "sex":
			v = strings.ToUpper(v)
			if v != "P" && v != "L" && v != "T" {
				return nil, fmt.Errorf("sex %q: expected P, L or T", v)
			}
			params[i] = v
		default:
			params[i] = v
		}
	}
	for name := range q {
		if !known[name] {
			return nil, fmt.Errorf("unknown filter %q (expected %s)", name, strings.Join(filters, ", "))
		}
	}
	return params, nil
}
