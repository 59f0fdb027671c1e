package flight

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow/flight"
	"github.com/apache/arrow-go/v18/arrow/flight/flightsql"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/setara-pug/setara/dashboards/analyst"
	"github.com/setara-pug/setara/dashboards/server"
	"github.com/setara-pug/setara/pipeline/snapshot"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

// maxPrepared bounds the prepared statements held at once; a client that never closes its
// statements cannot grow the server without end.
const maxPrepared = 1024

// Options configure a Server. Zero values mean the defaults of /api/query.
type Options struct {
	Addr         string         // HOST:PORT; without Tokens it must be a loopback address
	Tokens       []server.Token // the HTTP server's tokens; only analyst and admin may query
	QueryTimeout time.Duration  // the whole of one query's stream; default analyst.DefaultTimeout
	MaxRows      int            // default analyst.DefaultMaxRows
	Logger       *slog.Logger   // nil: discard
}

// Server is the Flight SQL service over a snapshot.Store.
type Server struct {
	flightsql.BaseServer
	store *snapshot.Store
	opts  Options
	auth  *server.Authenticator
	log   *slog.Logger
	mem   memory.Allocator

	mu       sync.Mutex
	prepared map[string]*prepared
}

// New checks opts and builds the service. Without tokens it refuses a non-loopback address.
func New(store *snapshot.Store, opts Options) (*Server, error) {
	if err := server.CheckListenAddr(opts.Addr, "--flight-addr", opts.Tokens); err != nil {
		return nil, err
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		store:    store,
		opts:     opts,
		auth:     server.NewAuthenticator(opts.Tokens),
		log:      opts.Logger,
		mem:      memory.DefaultAllocator,
		prepared: make(map[string]*prepared),
	}
	s.Alloc = s.mem
	if err := s.registerSQLInfo(); err != nil {
		return nil, err
	}
	return s, nil
}

// Addr is the configured listen address.
func (s *Server) Addr() string { return s.opts.Addr }

func (s *Server) registerSQLInfo() error {
	infos := []struct {
		id    flightsql.SqlInfo
		value any
	}{
		{flightsql.SqlInfoFlightSqlServerName, "setara"},
		{flightsql.SqlInfoFlightSqlServerVersion, "1"},
		{flightsql.SqlInfoFlightSqlServerArrowVersion, "18"},
		{flightsql.SqlInfoFlightSqlServerReadOnly, true},
		{flightsql.SqlInfoFlightSqlServerSql, true},
		{flightsql.SqlInfoFlightSqlServerSubstrait, false},
		{flightsql.SqlInfoFlightSqlServerTransaction, int32(flightsql.SqlTransactionNone)},
		{flightsql.SqlInfoFlightSqlServerCancel, false},
		{flightsql.SqlInfoFlightSqlServerStatementTimeout, int32(s.timeout() / time.Millisecond)},
		{flightsql.SqlInfoDDLCatalog, false},
		{flightsql.SqlInfoDDLSchema, false},
		{flightsql.SqlInfoDDLTable, false},
		{flightsql.SqlInfoIdentifierQuoteChar, `"`},
		{flightsql.SqlInfoTransactionsSupported, false},
	}
	for _, info := range infos {
		if err := s.RegisterSqlInfo(info.id, info.value); err != nil {
			return fmt.Errorf("flight: sql info %d: %w", info.id, err)
		}
	}
	return nil
}

func (s *Server) timeout() time.Duration {
	if s.opts.QueryTimeout > 0 {
		return s.opts.QueryTimeout
	}
	return analyst.DefaultTimeout
}

// Serve answers Flight SQL on ln until ctx is cancelled, then stops: streams in flight get up
// to 10 s to finish before they are cut.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := flight.NewServerWithMiddleware(nil,
		grpc.ChainUnaryInterceptor(s.unaryAuth),
		grpc.ChainStreamInterceptor(s.streamAuth),
		grpc.ForceServerCodecV2(newCodec()), // see pool.go
	)
	srv.RegisterFlightService(flightsql.NewFlightServer(s))
	srv.InitListener(ln)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve() }()
	select {
	case err := <-errc:
		return fmt.Errorf("flight: %w", err)
	case <-ctx.Done():
	}
	stopped := make(chan struct{})
	go func() {
		srv.Shutdown() // graceful: waits for the streams in flight
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		srv.Shutdown()
	}
	<-errc
	return nil
}

type callerKey struct{}

// caller is who made a call.
type caller struct {
	name string
	role server.Role
}

func callerFrom(ctx context.Context) caller {
	c, _ := ctx.Value(callerKey{}).(caller)
	return c
}

// authorize checks the bearer token of a call and returns ctx carrying the caller.
func (s *Server) authorize(ctx context.Context) (context.Context, error) {
	presented := ""
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		if values := md.Get("authorization"); len(values) > 0 {
			scheme, token, found := strings.Cut(values[0], " ")
			if !found || !strings.EqualFold(scheme, "Bearer") {
				return ctx, status.Error(codes.Unauthenticated, `the authorization header must be "Bearer TOKEN"`)
			}
			presented = strings.TrimSpace(token)
		}
	}
	if presented == "" && !s.auth.Open() {
		return ctx, status.Error(codes.Unauthenticated, `missing bearer token: send the metadata "authorization: Bearer TOKEN"`)
	}
	name, role, ok := s.auth.Lookup(presented)
	if !ok {
		return ctx, status.Error(codes.Unauthenticated, "unknown bearer token")
	}
	if role < server.RoleAnalyst {
		return ctx, status.Errorf(codes.PermissionDenied, "the %s role may not use Flight SQL; it needs analyst", role)
	}
	return context.WithValue(ctx, callerKey{}, caller{name: name, role: role}), nil
}

func (s *Server) unaryAuth(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	ctx, err := s.authorize(ctx)
	if err != nil {
		return nil, err
	}
	return handler(ctx, req)
}

func (s *Server) streamAuth(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	ctx, err := s.authorize(ss.Context())
	if err != nil {
		return err
	}
	return handler(srv, &authedStream{ServerStream: ss, ctx: ctx})
}

// authedStream is a stream whose context carries the caller.
type authedStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (a *authedStream) Context() context.Context { return a.ctx }

// grpcError turns an error of a query into a gRPC status with a message for the analyst.
func grpcError(err error) error {
	var refused *analyst.RefusedError
	var failed *analyst.ExecError
	switch {
	case err == nil:
		return nil
	case status.Code(err) != codes.Unknown:
		return err // already a status
	case errors.As(err, &refused):
		return status.Error(codes.InvalidArgument, refused.Error())
	case errors.Is(err, analyst.ErrTimeout):
		return status.Error(codes.DeadlineExceeded, firstLine(err.Error()))
	case errors.As(err, &failed):
		return status.Error(codes.InvalidArgument, failed.Error())
	case errors.Is(err, context.Canceled):
		return status.Error(codes.Canceled, "the query was cancelled")
	case snapshot.IsNoSnapshot(err):
		return status.Error(codes.Unavailable, err.Error())
	}
	return status.Error(codes.Internal, firstLine(err.Error()))
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
