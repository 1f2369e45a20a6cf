package apigw

import (
	"strconv"

	"github.com/chalice-go/chalice/internal/jsonx"
)

// The event is written by hand: encoding/json over maps costs several
// times what the app itself does per request. Strings are written by
// jsonx.AppendString, which produces what encoding/json would, except that
// <, > and & are not HTML-escaped (the decoded strings are the same).

// appendKey appends "k": for a key known to need no escaping.
func appendKey(b []byte, k string) []byte {
	b = append(b, '"')
	b = append(b, k...)
	return append(b, '"', ':')
}

func appendInt(b []byte, n int64) []byte { return strconv.AppendInt(b, n, 10) }

// appendStringMap appends {"k":"v",...} in the order of keys.
func appendStringMap(b []byte, keys []string, m map[string]string) []byte {
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonx.AppendString(b, k)
		b = append(b, ':')
		b = jsonx.AppendString(b, m[k])
	}
	return append(b, '}')
}
