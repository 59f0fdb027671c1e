package flight

import (
	"fmt"
	"math/bits"
	"sync"

	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"
)

// bufferPool is a gRPC buffer pool that hands a buffer out again without clearing it first.
// gRPC's default pool zeroes the whole capacity of every buffer it reuses; for a result of
// many record batches that clearing cost a sixth of the stream's CPU time. Every buffer
// gRPC takes from a pool is filled before it is read (a message is encoded into it, or read
// into it in full), so no byte of an earlier message is ever sent.
type bufferPool struct {
	tiers [48]sync.Pool // tier t holds buffers of capacity 1<<t
}

// Get returns a buffer of length n, of capacity the next power of two.
func (p *bufferPool) Get(n int) *[]byte {
	t := bits.Len(uint(n - 1))
	if n <= 1 {
		t = 0
	}
	if t < len(p.tiers) {
		if b, ok := p.tiers[t].Get().(*[]byte); ok {
			*b = (*b)[:n]
			return b
		}
	}
	b := make([]byte, n, 1<<t)
	return &b
}

// Put keeps b for reuse when its capacity is a power of two (the buffers Get made).
func (p *bufferPool) Put(b *[]byte) {
	c := cap(*b)
	if c == 0 || c&(c-1) != 0 {
		return
	}
	if t := bits.Len(uint(c)) - 1; t < len(p.tiers) {
		p.tiers[t].Put(b)
	}
}

// codec is gRPC's protobuf codec with bufferPool in place of gRPC's default pool: the
// messages of a stream are encoded into, and decoded from, buffers that are not cleared
// before reuse.
type codec struct{ pool mem.BufferPool }

// newCodec returns the protobuf codec the server encodes and decodes its messages with.
func newCodec() encoding.CodecV2 { return codec{pool: &bufferPool{}} }

func (c codec) Name() string { return "proto" }

func (c codec) Marshal(v any) (mem.BufferSlice, error) {
	m, ok := v.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("flight: cannot encode %T, want a protobuf message", v)
	}
	size := proto.Size(m)
	opts := proto.MarshalOptions{UseCachedSize: true} // safe: Size was just computed
	if mem.IsBelowBufferPoolingThreshold(size) {
		b, err := opts.Marshal(m)
		if err != nil {
			return nil, err
		}
		return mem.BufferSlice{mem.SliceBuffer(b)}, nil
	}
	buf := c.pool.Get(size)
	if _, err := opts.MarshalAppend((*buf)[:0], m); err != nil {
		c.pool.Put(buf)
		return nil, err
	}
	return mem.BufferSlice{mem.NewBuffer(buf, c.pool)}, nil
}

func (c codec) Unmarshal(data mem.BufferSlice, v any) error {
	m, ok := v.(proto.Message)
	if !ok {
		return fmt.Errorf("flight: cannot decode into %T, want a protobuf message", v)
	}
	buf := data.MaterializeToBuffer(c.pool)
	defer buf.Free()
	return proto.Unmarshal(buf.ReadOnlyData(), m)
}
