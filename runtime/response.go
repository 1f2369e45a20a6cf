package runtime

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/chalice-go/chalice/internal/jsonx"
)

// response is an HTTP answer on its way to the proxy-response JSON. The
// handler's header maps are only read, never modified.
type response struct {
	status  int
	headers map[string]string
	mv      map[string][]string
	body    []byte // raw body (before any base64)
	b64     bool
	// extra holds the headers the runtime adds (default Content-Type, CORS,
	// gateway error types); names the handler set itself are skipped. A
	// fixed array, not a slice into itself, keeps the response on the stack.
	extra   [maxExtra]kv
	nextra  int
	scratch *jsonBuf // pooled buffer body points into, if any
}

// kv is one header the runtime adds.
type kv struct{ k, v string }

// maxExtra bounds the runtime's own headers: Content-Type, six CORS
// headers, Access-Control-Allow-Methods and x-amzn-ErrorType.
const maxExtra = 10

func (r *response) addExtra(k, v string) {
	if r.nextra < maxExtra {
		r.extra[r.nextra] = kv{k, v}
		r.nextra++
	}
}

// userHeader looks a header up in the handler's maps case-insensitively.
func (r *response) userHeader(name string) (string, bool) {
	if len(r.headers) == 0 && len(r.mv) == 0 {
		return "", false
	}
	if v, ok := r.headers[name]; ok {
		return v, true
	}
	for k, v := range r.headers {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	for k, v := range r.mv {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[len(v)-1], true
		}
	}
	return "", false
}

func (r *response) hasUserHeader(name string) bool {
	_, ok := r.userHeader(name)
	return ok
}

// jsonBuf is a pooled buffer with an encoding/json Encoder bound to it, so
// encoding a handler's result allocates nothing of ours.
type jsonBuf struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var jsonBufPool = sync.Pool{New: func() any {
	j := &jsonBuf{}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	return j
}}

// maxPooled keeps one huge response from pinning its buffer forever.
const maxPooled = 1 << 16

func putJSONBuf(j *jsonBuf) {
	if j == nil || j.buf.Cap() > maxPooled {
		return
	}
	j.buf.Reset()
	jsonBufPool.Put(j)
}

// encodeJSON encodes v compactly, without HTML escaping or the Encoder's
// trailing newline (json.dumps-like). The bytes live in the returned pooled
// buffer.
func encodeJSON(v any) ([]byte, *jsonBuf, error) {
	j := jsonBufPool.Get().(*jsonBuf)
	if err := j.enc.Encode(v); err != nil {
		putJSONBuf(j)
		return nil, nil, err
	}
	b := j.buf.Bytes()
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	return b, j, nil
}

// outPool holds scratch buffers for the proxy-response envelope.
var outPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// encode writes the proxy response for a 1.0 (v2 false) or 2.0 event. The
// result is a fresh slice the caller owns.
func (r *response) encode(v2 bool) []byte {
	bp := outPool.Get().(*[]byte)
	b := (*bp)[:0]
	if r.status == 200 {
		b = append(b, `{"statusCode":200,"headers":{`...)
	} else {
		b = append(b, `{"statusCode":`...)
		b = strconv.AppendInt(b, int64(r.status), 10)
		b = append(b, `,"headers":{`...)
	}
	var cookies []string
	if len(r.headers) == 0 && len(r.mv) == 0 {
		b = r.appendExtraHeaders(b) // the handler set no headers: the usual case
	} else if v2 {
		b, cookies = r.appendV2Headers(b)
	} else {
		b = r.appendV1Headers(b)
	}
	b = append(b, '}')
	if !v2 && len(r.mv) > 0 {
		b = append(b, `,"multiValueHeaders":{`...)
		var kbuf [16]string
		keys := sortedKeys(r.mv, kbuf[:0])
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonx.AppendString(b, k)
			b = append(b, ":["...)
			for j, v := range r.mv[k] {
				if j > 0 {
					b = append(b, ',')
				}
				b = jsonx.AppendString(b, v)
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	if v2 && len(cookies) > 0 {
		b = append(b, `,"cookies":[`...)
		for i, c := range cookies {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonx.AppendString(b, c)
		}
		b = append(b, ']')
	}
	b = append(b, `,"body":"`...)
	if r.b64 {
		b = base64.StdEncoding.AppendEncode(b, r.body)
	} else {
		b = jsonx.AppendEscaped(b, r.body)
	}
	if r.b64 {
		b = append(b, `","isBase64Encoded":true}`...)
	} else {
		b = append(b, `","isBase64Encoded":false}`...)
	}
	out := make([]byte, len(b))
	copy(out, b)
	if cap(b) <= maxPooled {
		*bp = b[:0]
		outPool.Put(bp)
	}
	putJSONBuf(r.scratch)
	r.scratch = nil
	return out
}

// appendExtraHeaders writes the runtime's headers alone.
func (r *response) appendExtraHeaders(b []byte) []byte {
	for i, h := range r.extra[:r.nextra] {
		if i > 0 {
			b = append(b, ',')
		}
		if h == (kv{"Content-Type", "application/json"}) {
			b = append(b, `"Content-Type":"application/json"`...)
			continue
		}
		b = jsonx.AppendString(b, h.k)
		b = append(b, ':')
		b = jsonx.AppendString(b, h.v)
	}
	return b
}

func (r *response) appendV1Headers(b []byte) []byte {
	var kbuf [16]string
	keys := sortedKeys(r.headers, kbuf[:0])
	n := 0
	for _, k := range keys {
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = jsonx.AppendString(b, k)
		b = append(b, ':')
		b = jsonx.AppendString(b, r.headers[k])
	}
	for _, h := range r.extra[:r.nextra] {
		if r.hasUserHeader(h.k) {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = jsonx.AppendString(b, h.k)
		b = append(b, ':')
		b = jsonx.AppendString(b, h.v)
	}
	return b
}

// appendV2Headers writes the 2.0 headers object: no multi-value headers in
// that format, so repeated values are comma-joined, and Set-Cookie values
// move to the cookies array.
func (r *response) appendV2Headers(b []byte) ([]byte, []string) {
	var cookies []string
	var kbuf [16]string
	keys := sortedKeys(r.headers, kbuf[:0])
	n := 0
	write := func(k, v string) {
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = jsonx.AppendString(b, k)
		b = append(b, ':')
		b = jsonx.AppendString(b, v)
	}
	for _, k := range keys {
		v := r.headers[k]
		if strings.EqualFold(k, "set-cookie") {
			cookies = append(cookies, v)
			continue
		}
		if mv, ok := r.mv[k]; ok && len(mv) > 0 {
			v = v + "," + strings.Join(mv, ",")
		}
		write(k, v)
	}
	var mbuf [16]string
	for _, k := range sortedKeys(r.mv, mbuf[:0]) {
		vs := r.mv[k]
		if strings.EqualFold(k, "set-cookie") {
			cookies = append(cookies, vs...)
			continue
		}
		if _, done := r.headers[k]; done || len(vs) == 0 {
			continue
		}
		write(k, strings.Join(vs, ","))
	}
	for _, h := range r.extra[:r.nextra] {
		if !r.hasUserHeader(h.k) {
			write(h.k, h.v)
		}
	}
	return b, cookies
}

// sortedKeys returns m's keys sorted (deterministic output), using buf
// when it is large enough.
func sortedKeys[V any](m map[string]V, buf []string) []string {
	if len(m) == 0 {
		return nil
	}
	for k := range m {
		buf = append(buf, k)
	}
	slices.Sort(buf)
	return buf
}
