package apirules

import (
	"reflect"
	"testing"
)

func TestGatewayCORS(t *testing.T) {
	h := func(kv ...string) []Header {
		var out []Header
		for i := 0; i+1 < len(kv); i += 2 {
			out = append(out, Header{kv[i], kv[i+1]})
		}
		return out
	}
	for _, c := range []struct {
		name string
		in   []CORS
		want []Header
	}{
		{"no cors routes", nil, nil},
		{"default", []CORS{{}}, h("Access-Control-Allow-Origin", "*")},
		{"one origin", []CORS{{AllowOrigin: "https://a.example"}, {AllowOrigin: "https://a.example"}}, h("Access-Control-Allow-Origin", "https://a.example")},
		{"one origin, credentials", []CORS{{AllowOrigin: "https://a.example", AllowCredentials: true}}, h("Access-Control-Allow-Origin", "https://a.example", "Access-Control-Allow-Credentials", "true")},
		{"credentials not everywhere", []CORS{{AllowOrigin: "https://a.example", AllowCredentials: true}, {AllowOrigin: "https://a.example"}}, h("Access-Control-Allow-Origin", "https://a.example")},
		{"two origins", []CORS{{AllowOrigin: "https://a.example"}, {AllowOrigin: "https://b.example"}}, h("Access-Control-Allow-Origin", "*")},
		{"multi-origin config", []CORS{{AllowOrigin: "https://a.example https://b.example", AllowCredentials: true}}, h("Access-Control-Allow-Origin", "*")},
		{"star and one", []CORS{{}, {AllowOrigin: "https://a.example"}}, h("Access-Control-Allow-Origin", "*")},
	} {
		var rules []*CORSRule
		for _, x := range c.in {
			rules = append(rules, NewCORS(x))
		}
		if got := GatewayCORS(rules); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: GatewayCORS = %v, want %v", c.name, got, c.want)
		}
	}
}
