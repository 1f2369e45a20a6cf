package awsproxy

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
)

// Lambda's UpdateFunctionUrlConfig with an empty Cors object removes the
// URL's CORS configuration (GetFunctionUrlConfig then has no Cors); moto
// 5.2.1 ignores an empty Cors and keeps the old one, so a deploy that drops
// a Function URL's cors would find it again on every redeploy. The proxy
// notes the function and leaves Cors out of moto's answers for its URL
// until an update sets CORS again or the URL is created or deleted.

var functionURLPath = regexp.MustCompile(`^(GET|PUT|POST|DELETE) /2021-10-31/functions/([^/?]+)/url$`)

// functionKey is the function's name, whether the path names it by name or
// by ARN.
func functionKey(fn string) string {
	if _, after, ok := strings.Cut(fn, ":function:"); ok {
		fn, _, _ = strings.Cut(after, ":")
	}
	return fn
}

func (p *Proxy) setCorsCleared(fn string, cleared bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.corsCleared == nil {
		p.corsCleared = map[string]bool{}
	}
	if cleared {
		p.corsCleared[fn] = true
	} else {
		delete(p.corsCleared, fn)
	}
}

func (p *Proxy) isCorsCleared(fn string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.corsCleared[fn]
}

// functionURLCall forwards a Function URL call, noting a CORS removal and
// laying it over moto's answer.
func (p *Proxy) functionURLCall(method, fn string, r *http.Request, w http.ResponseWriter, forward func(http.ResponseWriter, *http.Request)) {
	key := functionKey(fn)
	switch method {
	case http.MethodPut:
		var in map[string]any
		_ = json.NewDecoder(bytes.NewReader(peekBody(r))).Decode(&in)
		if cors, ok := in["Cors"].(map[string]any); ok {
			p.setCorsCleared(key, len(cors) == 0)
		}
	case http.MethodPost, http.MethodDelete:
		p.setCorsCleared(key, false)
	}
	rec := httptest.NewRecorder()
	forward(rec, r)
	// moto answers GetFunctionUrlConfig with 201, AWS with 200.
	if (method == http.MethodGet || method == http.MethodPut) && rec.Code/100 == 2 && p.isCorsCleared(key) {
		var out map[string]any
		if json.Unmarshal(rec.Body.Bytes(), &out) == nil {
			delete(out, "Cors")
			writeJSON(w, rec.Code, out)
			return
		}
	}
	copyRecorded(w, rec)
}
