// Package query splits raw query strings the lenient way API Gateway does:
// '+' is a space, and a malformed escape is kept literally instead of
// failing the request. The runtime (HTTP API events carry the raw string)
// and the API Gateway emulation share it.
package query

import (
	"net/url"
	"strings"
)

// ForEachPair calls fn with each decoded key and value of raw, in order,
// until fn returns false. Empty pairs ("a=1&&b=2") are skipped.
func ForEachPair(raw string, fn func(k, v string) bool) {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if !fn(Unescape(k), Unescape(v)) {
			return
		}
	}
}

// Unescape decodes one query component, returning s unchanged when it has
// nothing to decode or a malformed escape.
func Unescape(s string) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s
	}
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}
