package flight

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/flight"
	"github.com/apache/arrow-go/v18/arrow/flight/flightsql"
	"github.com/apache/arrow-go/v18/arrow/scalar"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/setara-pug/setara/dashboards/analyst"
)

// prepared is one prepared statement: its guarded text, the parameters last bound and who
// made it (no one else may run it).
type prepared struct {
	sql    string
	params []any
	owner  string
}

// GetFlightInfoStatement guards the query now, so a refused one is refused before any
// ticket is handed out; the ticket carries the query text and DoGetStatement runs it.
func (s *Server) GetFlightInfoStatement(ctx context.Context, cmd flightsql.StatementQuery, desc *flight.FlightDescriptor) (*flight.FlightInfo, error) {
	if err := s.check(ctx, cmd.GetQuery()); err != nil {
		return nil, err
	}
	ticket, err := flightsql.CreateStatementQueryTicket([]byte(cmd.GetQuery()))
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return infoFor(desc, ticket), nil
}

// DoGetStatement runs the query of a ticket from GetFlightInfoStatement (guarded again: a
// ticket is only bytes the client sends back).
func (s *Server) DoGetStatement(ctx context.Context, ticket flightsql.StatementQueryTicket) (*arrow.Schema, <-chan flight.StreamChunk, error) {
	return s.stream(ctx, string(ticket.GetStatementHandle()), nil)
}

// CreatePreparedStatement guards the query and keeps it under a new random handle.
func (s *Server) CreatePreparedStatement(ctx context.Context, req flightsql.ActionCreatePreparedStatementRequest) (flightsql.ActionCreatePreparedStatementResult, error) {
	var res flightsql.ActionCreatePreparedStatementResult
	if err := s.check(ctx, req.GetQuery()); err != nil {
		return res, err
	}
	handle := make([]byte, 16)
	rand.Read(handle)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.prepared) >= maxPrepared {
		return res, status.Errorf(codes.ResourceExhausted, "%d prepared statements are open; close some first", maxPrepared)
	}
	s.prepared[string(handle)] = &prepared{sql: req.GetQuery(), owner: callerFrom(ctx).name}
	res.Handle = handle
	isUpdate := false
	res.IsUpdate = &isUpdate
	return res, nil
}

// ClosePreparedStatement forgets a prepared statement.
func (s *Server) ClosePreparedStatement(ctx context.Context, req flightsql.ActionClosePreparedStatementRequest) error {
	if _, err := s.lookupPrepared(ctx, req.GetPreparedStatementHandle()); err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.prepared, string(req.GetPreparedStatementHandle()))
	s.mu.Unlock()
	return nil
}

// DoPutPreparedStatementQuery binds one row of parameters to a prepared statement.
func (s *Server) DoPutPreparedStatementQuery(ctx context.Context, cmd flightsql.PreparedStatementQuery, rdr flight.MessageReader, _ flight.MetadataWriter) ([]byte, error) {
	p, err := s.lookupPrepared(ctx, cmd.GetPreparedStatementHandle())
	if err != nil {
		return nil, err
	}
	params, err := readParams(rdr)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	p.params = params
	s.mu.Unlock()
	return cmd.GetPreparedStatementHandle(), nil
}

// GetFlightInfoPreparedStatement hands out a ticket for a prepared statement.
func (s *Server) GetFlightInfoPreparedStatement(ctx context.Context, cmd flightsql.PreparedStatementQuery, desc *flight.FlightDescriptor) (*flight.FlightInfo, error) {
	if _, err := s.lookupPrepared(ctx, cmd.GetPreparedStatementHandle()); err != nil {
		return nil, err
	}
	return infoFor(desc, desc.Cmd), nil
}

// DoGetPreparedStatement runs a prepared statement with the parameters last bound.
func (s *Server) DoGetPreparedStatement(ctx context.Context, cmd flightsql.PreparedStatementQuery) (*arrow.Schema, <-chan flight.StreamChunk, error) {
	p, err := s.lookupPrepared(ctx, cmd.GetPreparedStatementHandle())
	if err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	sqlText, params := p.sql, p.params
	s.mu.Unlock()
	return s.stream(ctx, sqlText, params)
}

// DoPutCommandStatementUpdate refuses every write: the snapshot is read-only.
func (s *Server) DoPutCommandStatementUpdate(context.Context, flightsql.StatementUpdate) (int64, error) {
	return 0, status.Error(codes.InvalidArgument, "query refused: the snapshot is read-only; only a single SELECT statement is allowed")
}

// DoPutPreparedStatementUpdate refuses every write: the snapshot is read-only.
func (s *Server) DoPutPreparedStatementUpdate(context.Context, flightsql.PreparedStatementUpdate, flight.MessageReader) (int64, error) {
	return 0, status.Error(codes.InvalidArgument, "query refused: the snapshot is read-only; only a single SELECT statement is allowed")
}

func (s *Server) lookupPrepared(ctx context.Context, handle []byte) (*prepared, error) {
	s.mu.Lock()
	p, ok := s.prepared[string(handle)]
	s.mu.Unlock()
	if !ok || p.owner != callerFrom(ctx).name {
		return nil, status.Error(codes.NotFound, "no such prepared statement (closed, or made by another caller)")
	}
	return p, nil
}

// readParams reads the one row of parameters a client binds.
func readParams(rdr flight.MessageReader) ([]any, error) {
	var params []any
	rows := int64(0)
	for rdr.Next() {
		rec := rdr.RecordBatch()
		rows += rec.NumRows()
		if rows > 1 {
			return nil, status.Error(codes.InvalidArgument, "bind exactly one row of parameters")
		}
		for row := 0; row < int(rec.NumRows()); row++ {
			for c := 0; c < int(rec.NumCols()); c++ {
				v, err := paramValue(rec.Column(c), row)
				if err != nil {
					return nil, status.Errorf(codes.InvalidArgument, "parameter %d: %v", c+1, err)
				}
				params = append(params, v)
			}
		}
	}
	if err := rdr.Err(); err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "reading the parameters: %v", err)
	}
	return params, nil
}

// paramValue is the Go value of one bound parameter: strings, integers, floats, booleans,
// dates and NULL, as /api/query accepts.
func paramValue(col arrow.Array, row int) (any, error) {
	sc, err := scalar.GetScalar(col, row)
	if err != nil {
		return nil, err
	}
	if r, ok := sc.(scalar.Releasable); ok {
		defer r.Release()
	}
	if u, ok := sc.(*scalar.DenseUnion); ok {
		sc = u.Value
	}
	if !sc.IsValid() {
		return nil, nil
	}
	switch v := sc.(type) {
	case *scalar.String:
		return string(v.Value.Bytes()), nil
	case *scalar.LargeString:
		return string(v.Value.Bytes()), nil
	case *scalar.Boolean:
		return v.Value, nil
	case *scalar.Int8:
		return int64(v.Value), nil
	case *scalar.Int16:
		return int64(v.Value), nil
	case *scalar.Int32:
		return int64(v.Value), nil
	case *scalar.Int64:
		return v.Value, nil
	case *scalar.Uint8:
		return int64(v.Value), nil
	case *scalar.Uint16:
		return int64(v.Value), nil
	case *scalar.Uint32:
		return int64(v.Value), nil
	case *scalar.Float32:
		return float64(v.Value), nil
	case *scalar.Float64:
		return v.Value, nil
	case scalar.DateScalar:
		return v.ToTime(), nil
	}
	return nil, fmt.Errorf("only strings, numbers, booleans, dates and null can be bound (got %s)", sc.DataType())
}

func infoFor(desc *flight.FlightDescriptor, ticket []byte) *flight.FlightInfo {
	return &flight.FlightInfo{
		Endpoint:         []*flight.FlightEndpoint{{Ticket: &flight.Ticket{Ticket: ticket}}},
		FlightDescriptor: desc,
		TotalRecords:     -1,
		TotalBytes:       -1,
	}
}

// check guards sqlText on the current snapshot.
func (s *Server) check(ctx context.Context, sqlText string) error {
	r, release, err := s.store.Acquire()
	if err != nil {
		return grpcError(err)
	}
	defer release()
	if _, err := analyst.Bound(ctx, r.DB, sqlText, 1); err != nil {
		s.log.Info("flight query", "who", callerFrom(ctx).name, "sql_sha256", digest(sqlText), "outcome", "refused", "reason", err.Error())
		return grpcError(err)
	}
	return nil
}

// stream runs sqlText on the current snapshot, held until the stream ends, and returns the
// schema and the channel the batches arrive on. The query runs in its own goroutine, which
// hands DuckDB's batches to the channel as they come and stops when the client goes away
// (ctx), releasing its connection and the snapshot.
func (s *Server) stream(ctx context.Context, sqlText string, params []any) (*arrow.Schema, <-chan flight.StreamChunk, error) {
	r, release, err := s.store.Acquire()
	if err != nil {
		return nil, nil, grpcError(err)
	}
	log := s.log.With("who", callerFrom(ctx).name, "sql_sha256", digest(sqlText), "snapshot", r.ID)
	grpc.SetHeader(ctx, metadata.Pairs("x-setara-snapshot", r.ID))
	q := analyst.Query{SQL: sqlText, Params: params, Timeout: s.opts.QueryTimeout, MaxRows: s.opts.MaxRows}
	schemas := make(chan *arrow.Schema, 1)
	failed := make(chan error, 1)
	chunks := make(chan flight.StreamChunk, 4)
	go func() {
		defer release()
		defer close(chunks)
		started := false
		start := func(sc *arrow.Schema) error {
			started = true
			schemas <- sc
			return nil
		}
		emit := func(rec arrow.RecordBatch) error {
			rec.Retain() // released by the flight server once written
			select {
			case chunks <- flight.StreamChunk{Data: rec}:
				return nil
			case <-ctx.Done():
				rec.Release()
				return ctx.Err()
			}
		}
		st, err := analyst.StreamArrow(ctx, r.DB, r.Path, q, start, emit)
		grpc.SetTrailer(ctx, metadata.Pairs("x-setara-truncated", strconv.FormatBool(st.Truncated), "x-setara-rows", strconv.FormatInt(st.Rows, 10)))
		switch {
		case err == nil:
			log.Info("flight query", "outcome", "ok", "rows", st.Rows, "truncated", st.Truncated)
		case !started:
			log.Info("flight query", "outcome", "refused", "reason", err.Error())
			failed <- grpcError(err)
		default:
			log.Warn("flight query cut short", "rows", st.Rows, "err", err)
			select {
			case chunks <- flight.StreamChunk{Err: grpcError(err)}:
			case <-ctx.Done():
			}
		}
	}()
	select {
	case sc := <-schemas:
		return sc, chunks, nil
	case err := <-failed:
		return nil, nil, err
	}
}

func digest(sqlText string) string {
	sum := sha256.Sum256([]byte(sqlText))
	return hex.EncodeToString(sum[:])[:12]
}
