package runtime

import (
	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/internal/apirules"
	"github.com/chalice-go/chalice/internal/query"
)

// materialize decodes the whole request. It is the slow path, taken when a
// handler asks for *chalice.Request, calls chalice.CurrentRequest, or the
// app has HTTP middleware.
func (c *Call) materialize() *chalice.Request {
	ev := &c.ev
	r := &chalice.Request{Method: c.method, Path: c.path}
	if c.v2 {
		r.Path = apirules.Unescape(c.path)
	}
	r.Headers, r.MultiValueHeaders = c.decodeHeaders()
	r.QueryParams = c.decodeQuery()
	if c.ri != nil && len(c.ri.entry.caps) > 0 {
		r.URIParams = make(map[string]string, len(c.ri.entry.caps))
		for i, name := range c.ri.entry.caps {
			if i < len(c.caps) {
				r.URIParams[name] = c.caps[i]
			}
		}
	}
	r.RawBody = c.Body()
	if ev.reqCtx.present() && ev.b[ev.reqCtx.off] == '{' {
		if m, err := decodeAny(ev.b, ev.reqCtx); err == nil {
			r.Context, _ = m.(map[string]any)
		}
	}
	if it, ok := iterObject(ev.b, ev.stageVars); ok {
		for {
			k, v, ok := it.next()
			if !ok {
				break
			}
			key, ok1 := str(ev.b, k)
			s, ok2 := str(ev.b, v)
			if ok1 && ok2 {
				if r.StageVars == nil {
					r.StageVars = map[string]string{}
				}
				r.StageVars[key] = s
			}
		}
	}
	return r
}

// decodeHeaders builds the lower-cased single- and multi-value header maps.
// Lower-cased names share one byte arena and the multi-value lists share one
// backing array, so a REST event's headers cost a handful of allocations.
func (c *Call) decodeHeaders() (chalice.CaseInsensitiveHeaders, map[string][]string) {
	ev := &c.ev
	b := ev.b
	h := make(chalice.CaseInsensitiveHeaders, 16)
	mv := make(map[string][]string, 16)
	var ar arena
	if it, ok := iterObject(b, ev.headers); ok {
		for {
			k, v, ok := it.next()
			if !ok {
				break
			}
			key, ok1 := str(b, k)
			s, ok2 := str(b, v)
			if ok1 && ok2 {
				h[ar.lower(key)] = s
			}
		}
	}
	haveMV := false
	if !c.v2 {
		if it, ok := iterObject(b, ev.mvHeaders); ok {
			all := make([]string, 0, len(h)+4)
			for {
				k, v, ok := it.next()
				if !ok {
					break
				}
				key, ok1 := str(b, k)
				if !ok1 {
					continue
				}
				key = ar.lower(key)
				start := len(all)
				all = append(all, mv[key]...) // a name repeated in another case
				all = appendStrings(b, v, all)
				if vs := all[start:len(all):len(all)]; len(vs) > 0 {
					haveMV = true
					mv[key] = vs
					if _, ok := h[key]; !ok {
						h[key] = vs[len(vs)-1]
					}
				}
			}
		}
	}
	if c.v2 && c.ev.cookies.present() {
		if _, ok := h["cookie"]; !ok {
			if s := ev.joinCookies(); s != "" {
				h["cookie"] = s
			}
		}
	}
	if !haveMV {
		// 2.0 events and hand-made 1.0 events carry single values only.
		vals := make([]string, 0, len(h))
		for k, v := range h {
			vals = append(vals, v)
			mv[k] = vals[len(vals)-1 : len(vals) : len(vals)]
		}
	}
	return h, mv
}

// arena hands out lower-cased copies of header names from shared blocks.
// Bytes are only appended, never rewritten, so the strings stay valid.
type arena struct{ buf []byte }

func (a *arena) lower(s string) string {
	if !hasUpper(s) {
		return s
	}
	if cap(a.buf)-len(a.buf) < len(s) {
		a.buf = make([]byte, 0, max(512, len(s)))
	}
	start := len(a.buf)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		a.buf = append(a.buf, c)
	}
	return aliasString(a.buf[start:])
}

// appendStrings appends the strings of the JSON array v to dst.
func appendStrings(b []byte, v val, dst []string) []string {
	it, ok := iterArray(b, v)
	if !ok {
		if s, ok := str(b, v); ok { // tolerate a bare string
			return append(dst, s)
		}
		return dst
	}
	for {
		e, ok := it.next()
		if !ok {
			return dst
		}
		if s, ok := str(b, e); ok {
			dst = append(dst, s)
		}
	}
}

// decodeQuery builds the query MultiDict; nil when there is none.
func (c *Call) decodeQuery() chalice.MultiDict {
	ev := &c.ev
	b := ev.b
	var q chalice.MultiDict
	add := func(k, v string) {
		if q == nil {
			q = chalice.MultiDict{}
		}
		q[k] = append(q[k], v)
	}
	if c.v2 {
		if raw, ok := str(b, ev.rawQuery); ok && raw != "" {
			query.ForEachPair(raw, func(k, v string) bool { add(k, v); return true })
			return q
		}
	} else if it, ok := iterObject(b, ev.mvQuery); ok {
		for {
			k, v, ok := it.next()
			if !ok {
				break
			}
			if key, ok := str(b, k); ok {
				for _, s := range appendStrings(b, v, nil) {
					add(key, s)
				}
			}
		}
		if q != nil {
			return q
		}
	}
	if it, ok := iterObject(b, ev.query); ok {
		for {
			k, v, ok := it.next()
			if !ok {
				break
			}
			key, ok1 := str(b, k)
			s, ok2 := str(b, v)
			if ok1 && ok2 {
				add(key, s)
			}
		}
	}
	return q
}

// queryParam finds the last value of one query parameter in the event.
func (c *Call) queryParam(name string) (string, bool) {
	ev := &c.ev
	b := ev.b
	if c.v2 {
		if raw, ok := str(b, ev.rawQuery); ok && raw != "" {
			var out string
			found := false
			query.ForEachPair(raw, func(k, v string) bool {
				if k == name {
					out, found = v, true
				}
				return true
			})
			return out, found
		}
	} else if v := findMember(b, ev.mvQuery, name); v.present() {
		var buf [4]string
		if vs := appendStrings(b, v, buf[:0]); len(vs) > 0 {
			return vs[len(vs)-1], true
		}
	}
	return str(b, findMember(b, ev.query, name))
}

// findMember finds key in object obj, decoding escaped keys.
func findMember(b []byte, obj val, key string) val {
	it, ok := iterObject(b, obj)
	if !ok {
		return val{}
	}
	var found val
	for {
		k, v, ok := it.next()
		if !ok {
			return found
		}
		if s, ok := str(b, k); ok && s == key {
			found = v
		}
	}
}
