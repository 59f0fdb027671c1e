package flight

import (
	"bytes"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/flight"
	"google.golang.org/protobuf/proto"
)

func TestBufferPoolLengthsAndReuse(t *testing.T) {
	p := &bufferPool{}
	for _, n := range []int{1, 2, 3, 1000, 1024, 1025, 1 << 20, 3<<20 + 7} {
		b := p.Get(n)
		if len(*b) != n || cap(*b) < n || cap(*b)&(cap(*b)-1) != 0 {
			t.Fatalf("Get(%d): len %d cap %d, want len %d and a power-of-two capacity", n, len(*b), cap(*b), n)
		}
		p.Put(b)
	}
	odd := make([]byte, 10, 12)
	p.Put(&odd) // not a capacity Get makes: dropped, not handed out as a shorter buffer
	for i := 0; i < 4; i++ {
		if b := p.Get(9); cap(*b) != 16 {
			t.Fatalf("Get(9) after Put of a 12-byte buffer: cap %d, want 16", cap(*b))
		}
	}
}

func TestCodecRoundTripsOverReusedBuffers(t *testing.T) {
	c := newCodec()
	first := &flight.FlightData{DataHeader: bytes.Repeat([]byte{0xAA}, 300), DataBody: bytes.Repeat([]byte{0xBB}, 64<<10)}
	data, err := c.Marshal(first)
	if err != nil {
		t.Fatal(err)
	}
	data.Free() // back to the pool, dirty
	second := &flight.FlightData{DataHeader: []byte("meta"), DataBody: bytes.Repeat([]byte{0x01}, 40<<10)}
	data, err = c.Marshal(second)
	if err != nil {
		t.Fatal(err)
	}
	var got flight.FlightData
	if err := c.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(&got, second) {
		t.Fatalf("decoded message differs: header %q, body %d bytes", got.DataHeader, len(got.DataBody))
	}
	if _, err := c.Marshal("not a message"); err == nil {
		t.Fatal("Marshal of a string: want an error")
	}
}
