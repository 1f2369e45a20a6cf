//go:build goexperiment.jsonv2

package runtime

import (
	"bytes"
	"context"
	"encoding/json/jsontext"
	"reflect"
	"testing"
	"time"
)

// The event scanner measured against encoding/json/jsontext (Go 1.26 ships
// it under GOEXPERIMENT=jsonv2; github.com/go-json-experiment/json is the
// same code as a module). Run:
//
//	GOEXPERIMENT=jsonv2 go test -run JSONText -bench 'ParseEvent' ./runtime
//
// See docs/decisions.md for the figures and the decision.

// parseEventJSONText fills ev as parseEvent does, with a jsontext.Decoder
// reading b: spans come from the decoder's input offsets.
func parseEventJSONText(dec *jsontext.Decoder, b []byte, ev *event) error {
	*ev = event{b: b}
	dec.Reset(bytes.NewReader(b))
	if _, err := dec.ReadToken(); err != nil { // '{'
		return err
	}
	for dec.PeekKind() != '}' {
		name, err := dec.ReadValue()
		if err != nil {
			return err
		}
		key := string(name[1 : len(name)-1]) // the compiler does not allocate for a switch on it
		if key == "headers" && dec.PeekKind() == '{' {
			if err := ev.headersJSONText(dec); err != nil {
				return err
			}
			continue
		}
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		end := int(dec.InputOffset())
		ev.set(key, span(end-len(v), end))
	}
	_, err := dec.ReadToken() // '}'
	return err
}

func (ev *event) headersJSONText(dec *jsontext.Decoder) error {
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	start := int(dec.InputOffset()) - 1
	for dec.PeekKind() != '}' {
		name, err := dec.ReadValue()
		if err != nil {
			return err
		}
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		end := int(dec.InputOffset())
		key := aliasString(name[1 : len(name)-1])
		switch {
		case equalFoldLower(key, "content-type"):
			ev.hdrCT = span(end-len(v), end)
		case equalFoldLower(key, "accept"):
			ev.hdrAccept = span(end-len(v), end)
		case equalFoldLower(key, "origin"):
			ev.hdrOrigin = span(end-len(v), end)
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	ev.headers = span(start, int(dec.InputOffset()))
	return nil
}

func TestJSONTextParseEventAgrees(t *testing.T) {
	dec := jsontext.NewDecoder(bytes.NewReader(nil))
	for _, fx := range benchFixtures {
		for _, name := range []string{fx.users, fx.post} {
			p := compactFixture(t, name, nil)
			var want, got event
			if err := parseEvent(p, &want); err != nil {
				t.Fatal(err)
			}
			if err := parseEventJSONText(dec, p, &got); err != nil {
				t.Fatal(err)
			}
			got.b, want.b = nil, nil
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: jsontext spans\n%+v\nwant\n%+v", name, got, want)
			}
		}
	}
}

// BenchmarkParseEventJSONText is BenchmarkParseEvent's scan done by
// jsontext (a pooled, reset decoder: its best case). Each run also times
// the hand-written scanner on the same event and reports both, the ratio,
// and what the scan costs relative to a whole dispatch (V1UsersName).
func BenchmarkParseEventJSONText(b *testing.B) {
	for _, fx := range benchFixtures {
		b.Run(fx.name, func(b *testing.B) {
			p := compactFixture(b, fx.users, nil)
			dec := jsontext.NewDecoder(bytes.NewReader(nil))
			var ev event
			// The references, timed by hand (testing.Benchmark cannot nest).
			const n = 20000
			t0 := time.Now()
			for range n {
				_ = parseEvent(p, &ev)
			}
			hand := float64(time.Since(t0).Nanoseconds()) / n
			a := benchApp(false)
			t0 = time.Now()
			for range n {
				_, _ = a.Invoke(context.Background(), "api_handler", p)
			}
			dispatch := float64(time.Since(t0).Nanoseconds()) / n
			b.SetBytes(int64(len(p)))
			b.ReportAllocs()
			for b.Loop() {
				if err := parseEventJSONText(dec, p, &ev); err != nil {
					b.Fatal(err)
				}
			}
			js := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(hand, "hand-ns/op")
			b.ReportMetric(js/hand, "x-hand")
			b.ReportMetric(dispatch, "dispatch-ns/op")
			b.ReportMetric(dispatch-hand+js, "dispatch-with-jsontext-ns/op")
		})
	}
}
