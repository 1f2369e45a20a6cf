package apigw

import (
	"encoding/base64"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chalice-go/chalice/internal/jsonx"
	"github.com/chalice-go/chalice/internal/query"
)

// exchange is the per-request scratch state, pooled.
type exchange struct {
	buf  []byte   // the event
	caps []string // path capture values
	// capNames are the resource's capture names, in path order.
	capNames []string
	keys     []string // sorted header names
	query    []queryKV
	resp     proxyResponse
	reqID    [36]byte
	xID      [16]byte
}

type queryKV struct{ k, v string }

var exchangePool = sync.Pool{New: func() any {
	return &exchange{buf: make([]byte, 0, 2048), caps: make([]string, 0, 4), keys: make([]string, 0, 16)}
}}

// maxPooledEvent keeps huge events (large bodies) out of the pool.
const maxPooledEvent = 64 << 10

func getExchange() *exchange { return exchangePool.Get().(*exchange) }

func putExchange(x *exchange) {
	if cap(x.buf) > maxPooledEvent {
		x.buf = make([]byte, 0, 2048)
	}
	x.buf = x.buf[:0]
	x.caps = x.caps[:0]
	x.capNames = nil
	clear(x.keys[:cap(x.keys)])
	x.keys = x.keys[:0]
	clear(x.query[:cap(x.query)])
	x.query = x.query[:0]
	clear(x.resp.headers[:cap(x.resp.headers)])
	clear(x.resp.multi[:cap(x.resp.multi)])
	clear(x.resp.cookies[:cap(x.resp.cookies)])
	x.resp = proxyResponse{headers: x.resp.headers[:0], multi: x.resp.multi[:0], cookies: x.resp.cookies[:0]}
	exchangePool.Put(x)
}

const hexDigits = "0123456789abcdef"

// newIDs fills in a request id (UUID form) and an extended request id
// (API Gateway's x-amz-apigw-id form). They only need to be unique.
func (x *exchange) newIDs() {
	a, b := rand.Uint64(), rand.Uint64()
	var raw [16]byte
	for i := range 8 {
		raw[i] = byte(a >> (8 * i))
		raw[8+i] = byte(b >> (8 * i))
	}
	raw[6] = raw[6]&0x0f | 0x40 // version 4
	raw[8] = raw[8]&0x3f | 0x80 // variant
	j := 0
	for i, c := range raw {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			x.reqID[j] = '-'
			j++
		}
		x.reqID[j] = hexDigits[c>>4]
		x.reqID[j+1] = hexDigits[c&0xf]
		j += 2
	}
	c := rand.Uint64()
	var xr [11]byte
	for i := range 8 {
		xr[i] = byte(c >> (8 * i))
	}
	xr[8], xr[9], xr[10] = byte(a>>3), byte(b>>5), byte(c>>7)
	base64.StdEncoding.Encode(x.xID[:], xr[:])
}

func (x *exchange) requestID() string { return string(x.reqID[:]) }

// reqTime formats requestTime once per second.
var reqTime struct {
	mu   sync.Mutex
	sec  int64
	text []byte
}

func appendRequestTime(b []byte, now time.Time) []byte {
	sec := now.Unix()
	reqTime.mu.Lock()
	if sec != reqTime.sec || reqTime.text == nil {
		reqTime.sec = sec
		reqTime.text = now.UTC().AppendFormat(reqTime.text[:0], "02/Jan/2006:15:04:05 -0700")
	}
	b = append(b, reqTime.text...)
	reqTime.mu.Unlock()
	return b
}

// parseQuery splits a raw query string into pairs, decoding leniently as
// API Gateway does: a malformed escape is kept literally rather than
// failing the request. The pairs are sorted by key (stable, so the values
// of a key keep their order).
func (x *exchange) parseQuery(raw string) {
	query.ForEachPair(raw, func(k, v string) bool {
		x.query = append(x.query, queryKV{k, v})
		return true
	})
	if len(x.query) > 1 {
		slices.SortStableFunc(x.query, func(a, b queryKV) int { return strings.Compare(a.k, b.k) })
	}
}

// parseQuery is the map form, for tests.
func parseQuery(raw string) map[string][]string {
	x := &exchange{}
	x.parseQuery(raw)
	if len(x.query) == 0 {
		return nil
	}
	out := map[string][]string{}
	for _, kv := range x.query {
		out[kv.k] = append(out[kv.k], kv.v)
	}
	return out
}

// identity is what the gateway learned about the caller.
type identity struct {
	apiKey    string
	accessKey string
}

// appendEvent writes the REST API proxy integration event for req.
func (g *Gateway) appendEvent(x *exchange, req *Request, resource, method string, id identity, authz []byte) []byte {
	b := x.buf
	b = append(b, `{"resource":`...)
	b = jsonx.AppendString(b, resource)
	b = append(b, `,"path":`...)
	if strings.IndexByte(req.Path, '%') < 0 {
		b = jsonx.AppendString(b, req.Path)
	} else if p, err := url.PathUnescape(req.Path); err == nil {
		b = jsonx.AppendString(b, p)
	} else {
		b = jsonx.AppendString(b, req.Path)
	}
	b = append(b, `,"httpMethod":`...)
	b = jsonx.AppendString(b, method)

	// Headers, sorted by name. net/http moves Host out of the header map;
	// API Gateway always passes it.
	addHost := req.Host != "" && len(req.Header["Host"]) == 0
	for k, vs := range req.Header {
		if len(vs) > 0 {
			x.keys = append(x.keys, k)
		}
	}
	if addHost {
		x.keys = append(x.keys, "Host")
	}
	slices.Sort(x.keys)
	if len(x.keys) == 0 {
		b = append(b, `,"headers":null,"multiValueHeaders":null`...)
	} else {
		b = append(b, `,"headers":{`...)
		for i, k := range x.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonx.AppendString(b, k)
			b = append(b, ':')
			if vs := req.Header[k]; len(vs) > 0 {
				b = jsonx.AppendString(b, vs[len(vs)-1])
			} else {
				b = jsonx.AppendString(b, req.Host)
			}
		}
		b = append(b, `},"multiValueHeaders":{`...)
		for i, k := range x.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonx.AppendString(b, k)
			b = append(b, ":["...)
			if vs := req.Header[k]; len(vs) > 0 {
				for j, v := range vs {
					if j > 0 {
						b = append(b, ',')
					}
					b = jsonx.AppendString(b, v)
				}
			} else {
				b = jsonx.AppendString(b, req.Host)
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}

	x.parseQuery(req.RawQuery)
	if len(x.query) == 0 {
		b = append(b, `,"queryStringParameters":null,"multiValueQueryStringParameters":null`...)
	} else {
		q := x.query
		b = append(b, `,"queryStringParameters":{`...)
		for i := range q {
			if i+1 < len(q) && q[i+1].k == q[i].k {
				continue // the last value of a key
			}
			if b[len(b)-1] != '{' {
				b = append(b, ',')
			}
			b = jsonx.AppendString(b, q[i].k)
			b = append(b, ':')
			b = jsonx.AppendString(b, q[i].v)
		}
		b = append(b, `},"multiValueQueryStringParameters":{`...)
		for i := range q {
			if i == 0 || q[i-1].k != q[i].k {
				if i > 0 {
					b = append(b, "],"...)
				}
				b = jsonx.AppendString(b, q[i].k)
				b = append(b, ":["...)
			} else {
				b = append(b, ',')
			}
			b = jsonx.AppendString(b, q[i].v)
		}
		b = append(b, "]}"...)
	}

	if len(x.caps) == 0 {
		b = append(b, `,"pathParameters":null`...)
	} else {
		b = append(b, `,"pathParameters":`...)
		b = x.appendPathParams(b)
	}
	if len(g.stageVarKeys) == 0 {
		b = append(b, `,"stageVariables":null`...)
	} else {
		b = append(b, `,"stageVariables":`...)
		b = appendStringMap(b, g.stageVarKeys, g.cfg.StageVars)
	}

	b = append(b, `,"requestContext":`...)
	b = g.appendRequestContext(b, x, req, resource, method, id, authz)

	switch {
	case len(req.Body) == 0:
		b = append(b, `,"body":null,"isBase64Encoded":false}`...)
	default:
		b = appendBody(b, req.Body, g.media.RequestBinary(firstValue(req.Header, "Content-Type")))
	}
	x.buf = b
	return b
}

// appendBody ends an event with its non-empty body and isBase64Encoded:
// base64 when the gateway's rule (REST binary types, HTTP API's text
// types) says binary, JSON-escaped text otherwise. Both payload versions
// write it so.
func appendBody(b, body []byte, binary bool) []byte {
	b = append(b, `,"body":"`...)
	if binary {
		b = base64.StdEncoding.AppendEncode(b, body)
		return append(b, `","isBase64Encoded":true}`...)
	}
	b = jsonx.AppendEscaped(b, body)
	return append(b, `","isBase64Encoded":false}`...)
}

func (g *Gateway) appendRequestContext(b []byte, x *exchange, req *Request, resource, method string, id identity, authz []byte) []byte {
	now := g.cfg.Now()
	domain, prefix, proto, ip := req.contextFields()
	b = append(b, `{"resourceId":"local","resourcePath":`...)
	b = jsonx.AppendString(b, resource)
	b = append(b, `,"httpMethod":`...)
	b = jsonx.AppendString(b, method)
	b = append(b, `,"extendedRequestId":"`...)
	b = append(b, x.xID[:]...)
	b = append(b, `","requestTime":"`...)
	b = appendRequestTime(b, now)
	b = append(b, `","path":`...)
	b = append(b, '"', '/')
	b = jsonx.AppendEscaped(b, g.cfg.Stage)
	b = jsonx.AppendEscaped(b, req.Path)
	b = append(b, '"')
	b = append(b, `,"accountId":`...)
	b = jsonx.AppendString(b, g.cfg.AccountID)
	b = append(b, `,"protocol":`...)
	b = jsonx.AppendString(b, proto)
	b = append(b, `,"stage":`...)
	b = jsonx.AppendString(b, g.cfg.Stage)
	b = append(b, `,"domainPrefix":`...)
	b = jsonx.AppendString(b, prefix)
	b = append(b, `,"requestTimeEpoch":`...)
	b = appendInt(b, now.UnixMilli())
	b = append(b, `,"requestId":"`...)
	b = append(b, x.reqID[:]...)
	b = append(b, `","identity":{"cognitoIdentityPoolId":null,"accountId":null,"cognitoIdentityId":null,"caller":null,"sourceIp":`...)
	b = jsonx.AppendString(b, ip)
	b = append(b, `,"principalOrgId":null,"accessKey":`...)
	b = appendStringOrNull(b, id.accessKey)
	b = append(b, `,"cognitoAuthenticationType":null,"cognitoAuthenticationProvider":null,"userArn":null,"userAgent":`...)
	var ua string
	if vs := req.Header["User-Agent"]; len(vs) > 0 {
		ua = vs[0]
	}
	b = jsonx.AppendString(b, ua)
	b = append(b, `,"user":null,"apiKey":`...)
	b = appendStringOrNull(b, id.apiKey)
	b = append(b, `},"domainName":`...)
	b = jsonx.AppendString(b, domain)
	if authz != nil {
		b = append(b, `,"authorizer":`...)
		b = append(b, authz...)
	}
	b = append(b, `,"apiId":`...)
	b = jsonx.AppendString(b, g.cfg.APIID)
	return append(b, '}')
}

// appendPathParams appends the captures as the pathParameters object.
func (x *exchange) appendPathParams(b []byte) []byte {
	b = append(b, '{')
	for i, v := range x.caps {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonx.AppendString(b, x.capNames[i])
		b = append(b, ':')
		b = jsonx.AppendString(b, v)
	}
	return append(b, '}')
}

// contextFields are the request context's domainName, domainPrefix,
// protocol and source IP, with the defaults a request without them gets.
func (req *Request) contextFields() (domain, prefix, proto, ip string) {
	domain = req.Host
	if domain == "" {
		domain = "localhost"
	}
	prefix = domain
	if i := strings.IndexAny(prefix, ".:"); i > 0 {
		prefix = prefix[:i]
	}
	proto = req.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	ip = req.SourceIP
	if ip == "" {
		ip = "127.0.0.1"
	}
	return domain, prefix, proto, ip
}

func appendStringOrNull(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return jsonx.AppendString(b, s)
}

func firstValue(h map[string][]string, k string) string {
	if vs := h[k]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}
