package apirules

import "strings"

// DefaultBinaryTypes are the content types API Gateway treats as binary
// unless the app changes the list.
var DefaultBinaryTypes = []string{
	"application/octet-stream", "application/x-tar", "application/zip",
	"audio/basic", "audio/ogg", "audio/mp4", "audio/mpeg", "audio/wav",
	"audio/webm", "image/png", "image/jpg", "image/jpeg", "image/gif",
	"video/ogg", "video/mpeg", "video/webm",
}

// Media holds an API's binary media types.
type Media struct {
	binary []string // lower-cased
	any    bool     // */* is listed: every request body is binary
	// jsonBinary is IsBinary("application/json"), the default response
	// type (true only if an app lists it as binary).
	jsonBinary bool
}

// NewMedia compiles a binary media type list.
func NewMedia(binaryTypes []string) *Media {
	m := &Media{}
	for _, t := range binaryTypes {
		t = strings.ToLower(strings.TrimSpace(t))
		m.binary = append(m.binary, t)
		m.any = m.any || t == "*/*"
	}
	m.jsonBinary = m.IsBinary("application/json")
	return m
}

// MediaType is a Content-Type's lower-cased type/subtype, without
// parameters.
func MediaType(ct string) string {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	ct = strings.TrimSpace(ct)
	for i := 0; i < len(ct); i++ {
		if c := ct[i]; 'A' <= c && c <= 'Z' {
			return strings.ToLower(ct)
		}
	}
	return ct
}

// MediaMatch reports whether media type mt matches pattern, which may be
// "*/*" or "type/*".
func MediaMatch(pattern, mt string) bool {
	if pattern == mt || pattern == "*/*" || mt == "*/*" {
		return true
	}
	if strings.HasSuffix(pattern, "/*") {
		return strings.HasPrefix(mt, pattern[:len(pattern)-1])
	}
	return false
}

// IsBinary reports whether media type mt (MediaType) is binary: API
// Gateway then passes a request body base64-encoded and decodes a
// response body.
func (m *Media) IsBinary(mt string) bool {
	if mt == "" {
		return false
	}
	for _, t := range m.binary {
		if MediaMatch(t, mt) && mt != "*/*" {
			return true
		}
	}
	return false
}

// JSONBinary is IsBinary("application/json"), precomputed.
func (m *Media) JSONBinary() bool { return m.jsonBinary }

// RequestBinary reports whether a request body with Content-Type ct
// reaches the function base64-encoded.
func (m *Media) RequestBinary(ct string) bool {
	return m.any || m.IsBinary(MediaType(ct))
}

// AcceptsBinary reports whether an Accept header admits a binary response
// of media type mt: a range matching mt ("*/*" and "type/*" included), or
// any binary type, since API Gateway converts the body back to bytes
// whenever Accept names a binary media type.
func (m *Media) AcceptsBinary(accept, mt string) bool {
	for accept != "" {
		var r string
		r, accept, _ = strings.Cut(accept, ",")
		r = MediaType(r)
		if r == "" {
			continue
		}
		if MediaMatch(r, mt) || m.IsBinary(r) {
			return true
		}
	}
	return false
}

// Accepts reports whether a route accepting the (lower-cased) media types
// ctypes takes a request of media type mt.
func Accepts(ctypes []string, mt string) bool {
	for _, t := range ctypes {
		if MediaMatch(t, mt) {
			return true
		}
	}
	return false
}
