package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/setara-pug/setara/dashboards/analyst"
)

// maxQueryBody bounds the JSON body of POST /api/query.
const maxQueryBody = 1 << 20

type queryRequest struct {
	SQL    string `json:"sql"`
	Params []any  `json:"params"`
}

// handleQuery runs one guarded SELECT on the held snapshot.
func (s *Server) handleQuery(w http.ResponseWriter, r *http.Request) {
	start := s.now()
	reader, f, ok := readerAndFormat(w, r, true)
	if !ok {
		return
	}
	var req queryRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxQueryBody))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "body must be JSON {\"sql\": \"...\", \"params\": [...]}: "+err.Error())
		return
	}
	params, err := queryParams(req.Params)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	q := analyst.Query{SQL: req.SQL, Params: params, Timeout: s.opts.QueryTimeout, MaxRows: s.opts.MaxRows}
	sum := sha256.Sum256([]byte(req.SQL))
	log := s.log.With("who", callerFrom(r.Context()).name, "sql_sha256", hex.EncodeToString(sum[:])[:12], "snapshot", reader.ID)

	var rows int64
	if f == formatArrow {
		err = analyst.RunArrow(r.Context(), reader.DB, q, func(res *analyst.ArrowResult) error {
			rows = res.Rows
			w.Header().Set("Content-Type", mediaArrow)
			w.Header().Set("X-Setara-Truncated", strconv.FormatBool(res.Truncated))
			w.WriteHeader(http.StatusOK)
			if err := res.WriteIPC(w); err != nil {
				return &writeFailure{err}
			}
			return nil
		})
	} else {
		var res *analyst.Result
		res, err = analyst.Run(r.Context(), reader.DB, q)
		if err == nil {
			rows = int64(len(res.Rows))
			err = writeResult(w, f, res, reader.ID)
		}
	}
	duration := s.now().Sub(start)
	var wf *writeFailure
	if errors.As(err, &wf) {
		log.Warn("query answer cut short", "rows", rows, "duration", duration, "err", wf.err)
		return
	}
	if err != nil {
		status, outcome := queryErrorStatus(err)
		log.Info("query", "outcome", outcome, "rows", 0, "duration", duration, "reason", err.Error())
		writeError(w, status, err.Error())
		return
	}
	log.Info("query", "outcome", "ok", "rows", rows, "duration", duration)
}

// writeFailure is an error while the answer was being written (headers already sent).
type writeFailure struct{ err error }

func (e *writeFailure) Error() string { return "writing the answer: " + e.err.Error() }

func queryErrorStatus(err error) (int, string) {
	var refused *analyst.RefusedError
	var failed *analyst.ExecError
	switch {
	case errors.As(err, &refused):
		return http.StatusBadRequest, "refused"
	case errors.Is(err, analyst.ErrTimeout):
		return http.StatusRequestTimeout, "timeout"
	case errors.As(err, &failed):
		return http.StatusUnprocessableEntity, "failed"
	}
	return http.StatusInternalServerError, "error"
}

// writeResult writes a JSON or CSV answer with X-Setara-Truncated.
func writeResult(w http.ResponseWriter, f format, res *analyst.Result, snapshotID string) error {
	w.Header().Set("X-Setara-Truncated", strconv.FormatBool(res.Truncated))
	var err error
	switch f {
	case formatCSV:
		w.Header().Set("Content-Type", mediaCSV+"; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		err = res.WriteCSV(w)
	default:
		w.Header().Set("Content-Type", mediaJSON+"; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		err = res.WriteJSON(w, snapshotID)
	}
	if err != nil {
		return &writeFailure{err}
	}
	return nil
}

// queryParams turns JSON parameters into driver values: integers stay integers.
func queryParams(in []any) ([]any, error) {
	out := make([]any, len(in))
	for i, p := range in {
		switch v := p.(type) {
		case nil, string, bool:
			out[i] = v
		case json.Number:
			if n, err := v.Int64(); err == nil {
				out[i] = n
			} else if f, err := v.Float64(); err == nil {
				out[i] = f
			} else {
				return nil, fmt.Errorf("params[%d]: bad number %s", i, v)
			}
		default:
			return nil, fmt.Errorf("params[%d]: only strings, numbers, booleans and null can be bound", i)
		}
	}
	return out, nil
}
