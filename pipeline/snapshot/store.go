package snapshot

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"sync"
)

// Reader is one open, read-only snapshot. Hold it between Store.Acquire and the release func;
// the database is closed once the store has moved on and the last holder released it.
type Reader struct {
	ID   string // e.g. "run-000012"
	Path string
	DB   *sql.DB

	mu      sync.Mutex
	refs    int
	retired bool
}

func (r *Reader) release() {
	r.mu.Lock()
	r.refs--
	closeNow := r.retired && r.refs == 0
	r.mu.Unlock()
	if closeNow {
		r.DB.Close()
	}
}

func (r *Reader) retire() {
	r.mu.Lock()
	r.retired = true
	closeNow := r.refs == 0
	r.mu.Unlock()
	if closeNow {
		r.DB.Close()
	}
}

// Store follows the current snapshot of a published directory. Requests Acquire the snapshot
// that is current when they start and keep it until they finish, so a switch never mixes two
// snapshots in one response.
type Store struct {
	dir    string
	logger *slog.Logger

	mu  sync.Mutex
	cur *Reader

	// refreshing serializes Refresh: two concurrent calls (the server's poll and POST
	// /api/refresh) would both open the new file, and DuckDB refuses the second open's
	// settings because the first locked the shared instance's configuration.
	refreshing sync.Mutex

	onSwitch []func(*Reader)
}

// StoreOptions configure a Store.
type StoreOptions struct {
	// Logger receives snapshot switches and failures to open a new snapshot; nil discards.
	Logger *slog.Logger
}

// NewStore follows dir. Call Refresh to open the current snapshot.
func NewStore(dir string, opts StoreOptions) *Store {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Store{dir: dir, logger: logger}
}

// Dir is the published directory the store follows.
func (s *Store) Dir() string { return s.dir }

// OnSwitch registers f to run (synchronously, inside Refresh) whenever a new snapshot becomes
// current, e.g. to rebuild a metrics cache. f must not call Refresh.
func (s *Store) OnSwitch(f func(*Reader)) {
	s.mu.Lock()
	s.onSwitch = append(s.onSwitch, f)
	s.mu.Unlock()
}

// Refresh opens the current snapshot if it changed since the last call. It reports whether the
// store switched. With nothing published it returns ErrNoSnapshot and keeps what it had.
func (s *Store) Refresh(ctx context.Context) (bool, error) {
	s.refreshing.Lock()
	defer s.refreshing.Unlock()
	path, err := Current(s.dir)
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	same := s.cur != nil && s.cur.Path == path
	s.mu.Unlock()
	if same {
		return false, nil
	}
	db, err := OpenReadOnly(ctx, path)
	if err != nil {
		return false, err
	}
	next := &Reader{ID: ID(path), Path: path, DB: db}
	for _, f := range s.callbacks() {
		f(next)
	}
	s.swap(next)
	s.logger.Info("snapshot switched", "snapshot", next.ID)
	return true, nil
}

func (s *Store) callbacks() []func(*Reader) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]func(*Reader){}, s.onSwitch...)
}

// Acquire returns the current snapshot and a func to release it. It returns ErrNoSnapshot
// when nothing has been opened yet.
func (s *Store) Acquire() (*Reader, func(), error) {
	s.mu.Lock()
	r := s.cur
	if r == nil {
		s.mu.Unlock()
		return nil, nil, ErrNoSnapshot
	}
	r.mu.Lock()
	r.refs++
	r.mu.Unlock()
	s.mu.Unlock()
	var once sync.Once
	return r, func() { once.Do(r.release) }, nil
}

// Close closes the current snapshot once its holders release it.
func (s *Store) Close() error {
	s.swap(nil)
	return nil
}

// swap makes next (nil: none) the current snapshot and retires the one it replaces.
func (s *Store) swap(next *Reader) {
	s.mu.Lock()
	old := s.cur
	s.cur = next
	s.mu.Unlock()
	if old != nil {
		old.retire()
	}
}

// IsNoSnapshot reports whether err means nothing is published yet.
func IsNoSnapshot(err error) bool { return errors.Is(err, ErrNoSnapshot) }

type readerKey struct{}

// WithReader returns ctx carrying r, the snapshot a request holds, so every handler answering
// that request reads the same snapshot (see AcquireFor).
func WithReader(ctx context.Context, r *Reader) context.Context {
	return context.WithValue(ctx, readerKey{}, r)
}

// ReaderFrom is the snapshot ctx carries, or nil.
func ReaderFrom(ctx context.Context) *Reader {
	r, _ := ctx.Value(readerKey{}).(*Reader)
	return r
}

// AcquireFor returns the snapshot ctx already holds (its holder releases it; the returned
// release does nothing), or else acquires the current one.
func (s *Store) AcquireFor(ctx context.Context) (*Reader, func(), error) {
	if r := ReaderFrom(ctx); r != nil {
		return r, func() {}, nil
	}
	return s.Acquire()
}
