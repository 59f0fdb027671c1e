//go:build duckdb_arrow

package analyst

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	bindings "github.com/duckdb/duckdb-go-bindings"
	"github.com/duckdb/duckdb-go/v2"
	"github.com/duckdb/duckdb-go/v2/arrowmapping"
	"github.com/duckdb/duckdb-go/v2/mapping"
)

// Stream is what StreamArrow sent: how many rows, and whether the row limit cut the result.
type Stream struct {
	Rows      int64
	Truncated bool
}

// StreamArrow guards q.SQL, bounds it to MaxRows+1 rows and runs it as a streaming query on
// the database instance of the snapshot file path, which db must have opened with
// snapshot.OpenReadOnly (StreamArrow checks that the instance has the read-only sandbox and
// refuses otherwise). It calls start with the schema, then emit with each record batch as
// DuckDB produces it (a batch is valid only during the call; retain it to keep it), until
// MaxRows rows were sent.
//
// The batches are DuckDB's own Arrow export of each result chunk, the conversion duckdb-go's
// Arrow interface uses; no row passes through Go values. Unlike that interface, which lets
// DuckDB materialize the whole result before the first batch, the query streams: the first
// batch leaves while DuckDB computes the rest, and only the chunks in flight are held. An
// error of start or emit (a client gone) stops the query and releases its connection;
// StreamArrow returns that error.
func StreamArrow(ctx context.Context, db *sql.DB, path string, q Query, start func(*arrow.Schema) error, emit func(arrow.RecordBatch) error) (Stream, error) {
	q = q.withDefaults()
	bounded, err := Bound(ctx, db, q.SQL, q.MaxRows)
	if err != nil {
		return Stream{}, err
	}
	qctx, cancel := context.WithTimeout(ctx, q.Timeout)
	defer cancel()
	res, err := openStreaming(qctx, path, bounded, q.Params)
	if err != nil {
		return Stream{}, execError(qctx, q.Timeout, err)
	}
	defer res.close()
	if err := start(res.schema); err != nil {
		return Stream{}, err
	}
	st, err := emitLimited(res, int64(q.MaxRows), emit)
	if err != nil {
		return st, err
	}
	if err := res.Err(); err != nil {
		return st, execError(qctx, q.Timeout, err)
	}
	return st, nil
}

// streaming is one streaming query on its own connection to a snapshot's database instance.
type streaming struct {
	db      mapping.Database
	conn    mapping.Connection
	stmt    mapping.PreparedStatement
	pending mapping.PendingResult
	res     mapping.Result
	opts    arrowmapping.ArrowOptions
	schema  *arrow.Schema
	stop    func() // ends the interrupt-on-cancel watch
	open    struct{ db, conn, stmt, pending, res, opts bool }

	current arrow.RecordBatch
	err     error
}

// openStreaming connects to the cached database instance of path (the one duckdb-go opened
// for the snapshot), checks its sandbox, prepares and binds the query and starts it as a
// streaming result. When ctx ends, DuckDB is interrupted.
func openStreaming(ctx context.Context, path, query string, params []any) (*streaming, error) {
	s := &streaming{}
	if err := s.connect(path); err != nil {
		s.close()
		return nil, err
	}
	interrupted := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(interrupted)
		mapping.Interrupt(s.conn)
	})
	// close disconnects only after an interrupt under way has finished.
	s.stop = func() {
		if !stop() {
			<-interrupted
		}
	}
	if err := s.run(query, params); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

func (s *streaming) connect(path string) error {
	var config mapping.Config
	if mapping.CreateConfig(&config) == mapping.StateError {
		return errors.New("duckdb: cannot create a configuration")
	}
	defer mapping.DestroyConfig(&config)
	// The configuration snapshot.OpenReadOnly gives duckdb-go, so the instance cache hands
	// back the instance already open (a different one would be refused by DuckDB).
	for k, v := range map[string]string{"duckdb_api": "go", "access_mode": "READ_ONLY"} {
		if mapping.SetConfig(config, k, v) == mapping.StateError {
			return fmt.Errorf("duckdb: cannot set %s", k)
		}
	}
	var msg string
	if mapping.GetOrCreateFromCache(duckdb.GetInstanceCache(), path, &s.db, config, &msg) == mapping.StateError {
		return fmt.Errorf("snapshot %s: %s", path, msg)
	}
	s.open.db = true
	if mapping.Connect(s.db, &s.conn) == mapping.StateError {
		return fmt.Errorf("snapshot %s: cannot connect", path)
	}
	s.open.conn = true
	// Refuse an instance without the read-only sandbox (a path no sandboxed *sql.DB holds
	// open would be a fresh instance here).
	var res mapping.Result
	defer mapping.DestroyResult(&res)
	const q = "SELECT (NOT current_setting('enable_external_access') AND current_setting('lock_configuration'))::BIGINT"
	if mapping.Query(s.conn, q, &res) == mapping.StateError {
		return fmt.Errorf("snapshot %s: %s", path, mapping.ResultError(&res))
	}
	if mapping.ValueInt64(&res, 0, 0) != 1 {
		return fmt.Errorf("snapshot %s is not open read-only with external access disabled and its configuration locked", path)
	}
	return nil
}

func (s *streaming) run(query string, params []any) error {
	if mapping.Prepare(s.conn, query, &s.stmt) == mapping.StateError {
		s.open.stmt = true
		return errors.New(mapping.PrepareError(s.stmt))
	}
	s.open.stmt = true
	if n := int(mapping.NParams(s.stmt)); n != len(params) {
		return fmt.Errorf("the query has %d parameters, %d were given", n, len(params))
	}
	for i, p := range params {
		if err := bind(s.stmt, mapping.IdxT(i+1), p); err != nil {
			return fmt.Errorf("parameter %d: %w", i+1, err)
		}
	}
	// The pending result lives as long as the stream: the chunks DuckDB computes later may
	// still read the bound values it holds.
	state := bindings.PendingPreparedStreaming(s.stmt, &s.pending)
	s.open.pending = true
	if state == mapping.StateError {
		return errors.New(mapping.PendingError(s.pending))
	}
	state = mapping.ExecutePending(s.pending, &s.res)
	s.open.res = true
	if state == mapping.StateError {
		return errors.New(mapping.ResultError(&s.res))
	}
	s.opts = arrowmapping.ResultGetArrowOptions(&s.res)
	s.open.opts = true
	cc := mapping.ColumnCount(&s.res)
	names := make([]string, cc)
	types := make([]mapping.LogicalType, cc)
	for i := range cc {
		names[i] = mapping.ColumnName(&s.res, i)
		types[i] = mapping.ColumnLogicalType(&s.res, i)
	}
	defer func() {
		for i := range types {
			mapping.DestroyLogicalType(&types[i])
		}
	}()
	schema, ed := arrowmapping.NewArrowSchema(s.opts, types, names)
	if mapping.ErrorDataHasError(ed) {
		defer mapping.DestroyErrorData(&ed)
		return fmt.Errorf("arrow schema: %s", mapping.ErrorDataMessage(ed))
	}
	s.schema = schema
	return nil
}

// bind binds one parameter: the values /api/query and the Flight SQL server accept.
func bind(stmt mapping.PreparedStatement, i mapping.IdxT, v any) error {
	var state mapping.State
	switch v := v.(type) {
	case nil:
		state = mapping.BindNull(stmt, i)
	case bool:
		state = mapping.BindBoolean(stmt, i, v)
	case int:
		state = mapping.BindInt64(stmt, i, int64(v))
	case int64:
		state = mapping.BindInt64(stmt, i, v)
	case float64:
		state = mapping.BindDouble(stmt, i, v)
	case string:
		state = mapping.BindVarcharLength(stmt, i, v, mapping.IdxT(len(v)))
	case time.Time:
		if mapping.ParamType(stmt, i) == mapping.TypeDate {
			days := math.Floor(float64(v.Unix()) / 86400)
			state = mapping.BindDate(stmt, i, mapping.NewDate(int32(days)))
		} else {
			state = mapping.BindTimestamp(stmt, i, mapping.NewTimestamp(v.UnixMicro()))
		}
	default:
		return fmt.Errorf("only strings, numbers, booleans, dates and null can be bound (got %T)", v)
	}
	if state == mapping.StateError {
		if msg := mapping.PrepareError(stmt); msg != "" {
			return errors.New(msg)
		}
		return fmt.Errorf("DuckDB cannot bind %v here", v)
	}
	return nil
}

// Next converts the next chunk DuckDB produces; false at the end or on an error (Err).
func (s *streaming) Next() bool {
	if s.current != nil {
		s.current.Release()
		s.current = nil
	}
	if s.err != nil {
		return false
	}
	chunk := mapping.FetchChunk(s.res)
	if chunk.Ptr == nil {
		if msg := mapping.ResultError(&s.res); msg != "" {
			s.err = errors.New(msg)
		}
		return false
	}
	defer mapping.DestroyDataChunk(&chunk)
	rec, ed := arrowmapping.DataChunkToArrowArray(s.opts, s.schema, chunk)
	if mapping.ErrorDataHasError(ed) {
		defer mapping.DestroyErrorData(&ed)
		s.err = fmt.Errorf("arrow batch: %s", mapping.ErrorDataMessage(ed))
		return false
	}
	s.current = rec
	return true
}

// RecordBatch is the batch Next converted, valid until the next call of Next.
func (s *streaming) RecordBatch() arrow.RecordBatch { return s.current }

// Err is the error that ended the stream, if any.
func (s *streaming) Err() error { return s.err }

// close frees everything openStreaming made, in reverse order.
func (s *streaming) close() {
	if s.current != nil {
		s.current.Release()
		s.current = nil
	}
	if s.stop != nil {
		s.stop()
	}
	if s.open.opts {
		arrowmapping.DestroyArrowOptions(&s.opts)
	}
	if s.open.res {
		mapping.DestroyResult(&s.res)
	}
	if s.open.pending {
		mapping.DestroyPending(&s.pending)
	}
	if s.open.stmt {
		mapping.DestroyPrepare(&s.stmt)
	}
	if s.open.conn {
		mapping.Disconnect(&s.conn)
	}
	if s.open.db {
		mapping.Close(&s.db)
	}
}

// recordSource is the part of a record stream emitLimited reads.
type recordSource interface {
	Next() bool
	RecordBatch() arrow.RecordBatch
}

// emitLimited hands the batches of rr to emit until limit rows were sent; the batch crossing
// the limit is sliced (a zero-copy view).
func emitLimited(rr recordSource, limit int64, emit func(arrow.RecordBatch) error) (Stream, error) {
	var st Stream
	for rr.Next() {
		rec := rr.RecordBatch()
		n := rec.NumRows()
		if n == 0 {
			continue
		}
		if st.Rows == limit {
			st.Truncated = true
			return st, nil
		}
		if st.Rows+n > limit {
			part := rec.NewSlice(0, limit-st.Rows)
			err := emit(part)
			part.Release()
			if err != nil {
				return st, err
			}
			st.Rows = limit
			st.Truncated = true
			return st, nil
		}
		if err := emit(rec); err != nil {
			return st, err
		}
		st.Rows += n
	}
	return st, nil
}
