package awsproxy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync/atomic"
)

// Gaps lists the operations moto 5.2.1 does not implement that a deploy
// calls; the proxy answers them itself, as AWS would for a request that
// succeeds, and forwards everything else. docs/deploy.md lists them too.
var Gaps = []string{
	"apigateway POST /v2/apis/{id}/deployments (CreateDeployment, API Gateway v2)",
	"apigateway GET /domainnames/{name}/basepathmappings (GetBasePathMappings of a domain without mappings: moto answers 500; AWS an empty list)",
	"apigateway PATCH /domainnames/{name} (UpdateDomainName, v1: moto answers 404)",
	"apigateway PATCH /v2/domainnames/{name} (UpdateDomainName, v2: moto answers 404)",
	"apigateway PUT and DELETE /tags/{domain name ARN} (TagResource/UntagResource of a v1 domain name: moto tags only stages, 500)",
	"apigateway POST and DELETE /v2/tags/{domain name ARN} (TagResource/UntagResource of a v2 domain name: moto stores them where GetDomainName does not read)",
	"apigateway DELETE /v2/domainnames/{name} (DeleteDomainName of a v2 domain with API mappings: moto fails part-way, 500; the proxy deletes the mappings first)",
	"apigateway GET /v2/apis/{id}/authorizers (GetAuthorizers, v2: answered from the authorizers the proxy saw created, each read from moto with GetAuthorizer)",
	"apigateway PATCH /v2/apis/{id}/stages/{name} (UpdateStage, v2: done on moto as DeleteStage and CreateStage with the merged settings)",
	"lambda PUT /2021-10-31/functions/{name}/url with an empty Cors (UpdateFunctionUrlConfig removing CORS: moto keeps the old CORS; the proxy leaves Cors out of its later answers for that URL)",
}

// Domain-name updates are kept by the proxy as an overlay of the domain's
// JSON fields (certificate, security policy, configurations, tags), which
// it lays over moto's answers to GetDomainName, so an update can be read
// back through the SDK as from AWS. Creating or deleting the domain drops
// its overlay.

var (
	v2Deployments   = regexp.MustCompile(`^POST /v2/apis/[^/]+/deployments$`)
	basePathListing = regexp.MustCompile(`^GET /domainnames/[^/]+/basepathmappings$`)
	domainPath      = regexp.MustCompile(`^(GET|PATCH|DELETE) (/v2)?/domainnames/([^/?]+)$`)
	domainCreate    = regexp.MustCompile(`^POST (/v2)?/domainnames$`)
	domainTags      = regexp.MustCompile(`^(PUT|POST|DELETE) (/v2)?/tags/arn:[^:]*:apigateway:[^:]*::/domainnames/([^/?]+)`)
	gapSeq          atomic.Int64
)

// answerGap reports whether the proxy answers c itself; with a non-nil w it
// writes the answer.
func (p *Proxy) answerGap(c Call, r *http.Request, w http.ResponseWriter, forward func(http.ResponseWriter, *http.Request)) bool {
	if c.Service == "apigateway" && answerV2Gap(c, r, w, forward) {
		return true
	}
	if c.Service == "apigateway" {
		if m := domainPath.FindStringSubmatch(c.Operation); m != nil {
			if w != nil {
				p.domainCall(m[1], m[2] != "", m[3], r, w, forward)
			}
			return true
		}
		if m := domainTags.FindStringSubmatch(c.Operation); m != nil {
			if w != nil {
				p.domainTagCall(m[1], m[2] != "", m[3], r, w, forward)
			}
			return true
		}
		if m := domainCreate.FindStringSubmatch(c.Operation); m != nil {
			if w != nil {
				var in map[string]any
				_ = json.NewDecoder(bytes.NewReader(peekBody(r))).Decode(&in)
				if name, _ := in["domainName"].(string); name != "" {
					p.setOverlay(m[1] != "", name, nil)
				}
				forward(w, r)
			}
			return true
		}
	}
	if m := functionURLPath.FindStringSubmatch(c.Operation); c.Service == "lambda" && m != nil {
		if w != nil {
			p.functionURLCall(m[1], m[2], r, w, forward)
		}
		return true
	}
	switch {
	case c.Service == "apigateway" && v2Deployments.MatchString(c.Operation):
		if w != nil {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			fmt.Fprintf(w, `{"deploymentId":"gap%d","deploymentStatus":"DEPLOYED","autoDeployed":false}`, gapSeq.Add(1))
		}
		return true
	case c.Service == "apigateway" && basePathListing.MatchString(c.Operation):
		// Forwarded; only moto's failure for "no mappings yet" is replaced.
		if w != nil {
			rec := httptest.NewRecorder()
			forward(rec, r)
			if rec.Code == http.StatusInternalServerError {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusOK)
				fmt.Fprint(w, `{"item":[]}`)
				return true
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
		}
		return true
	}
	return false
}

func peekBody(r *http.Request) []byte {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body
}

func overlayKey(v2 bool, name string) string {
	if v2 {
		return "v2 " + name
	}
	return "v1 " + name
}

func (p *Proxy) overlay(v2 bool, name string) map[string]any {
	p.mu.Lock()
	defer p.mu.Unlock()
	return maps.Clone(p.domains[overlayKey(v2, name)])
}

// setOverlay replaces a domain's overlay; nil drops it.
func (p *Proxy) setOverlay(v2 bool, name string, o map[string]any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.domains == nil {
		p.domains = map[string]map[string]any{}
	}
	if o == nil {
		delete(p.domains, overlayKey(v2, name))
	} else {
		p.domains[overlayKey(v2, name)] = o
	}
}

// readDomain asks moto for the domain and lays the overlay over it; it
// returns moto's status when that is not 200.
func (p *Proxy) readDomain(v2 bool, name string, r *http.Request, forward func(http.ResponseWriter, *http.Request)) (map[string]any, *httptest.ResponseRecorder) {
	get := r.Clone(r.Context())
	get.Method, get.Body, get.ContentLength = http.MethodGet, http.NoBody, 0
	get.URL.Path, get.URL.RawPath, get.URL.RawQuery = "/domainnames/"+name, "", ""
	if v2 {
		get.URL.Path = "/v2/domainnames/" + name
	}
	rec := httptest.NewRecorder()
	forward(rec, get)
	if rec.Code != http.StatusOK {
		return nil, rec
	}
	var dom map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &dom); err != nil {
		return nil, rec
	}
	maps.Copy(dom, p.overlay(v2, name))
	return dom, nil
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	if v != nil {
		_ = json.NewEncoder(w).Encode(v)
	}
}

func copyRecorded(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	maps.Copy(w.Header(), rec.Header())
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
}

// domainCall serves GetDomainName (moto's answer with the overlay),
// UpdateDomainName (recorded in the overlay) and DeleteDomainName
// (forwarded; the overlay dropped).
func (p *Proxy) domainCall(method string, v2 bool, name string, r *http.Request, w http.ResponseWriter, forward func(http.ResponseWriter, *http.Request)) {
	switch method {
	case http.MethodDelete:
		p.setOverlay(v2, name, nil)
		if v2 {
			deleteV2Mappings(name, r, forward)
		}
		forward(w, r)
		return
	case http.MethodGet:
		dom, rec := p.readDomain(v2, name, r, forward)
		if dom == nil {
			copyRecorded(w, rec)
			return
		}
		writeJSON(w, http.StatusOK, dom)
		return
	}
	body := peekBody(r)
	dom, rec := p.readDomain(v2, name, r, forward)
	if dom == nil {
		copyRecorded(w, rec)
		return
	}
	o := p.overlay(v2, name)
	if o == nil {
		o = map[string]any{}
	}
	if v2 {
		// The configurations are replaced; AWS keeps the gateway's own
		// fields (target domain, zone) of the first.
		var in struct {
			DomainNameConfigurations []map[string]any `json:"domainNameConfigurations"`
		}
		_ = json.Unmarshal(body, &in)
		if cur, _ := dom["domainNameConfigurations"].([]any); len(cur) > 0 && len(in.DomainNameConfigurations) > 0 {
			if first, ok := cur[0].(map[string]any); ok {
				for _, k := range []string{"apiGatewayDomainName", "hostedZoneId", "domainNameStatus"} {
					if v, ok := first[k]; ok {
						in.DomainNameConfigurations[0][k] = v
					}
				}
			}
		}
		o["domainNameConfigurations"] = in.DomainNameConfigurations
	} else {
		var in struct {
			PatchOperations []struct{ Op, Path, Value string } `json:"patchOperations"`
		}
		_ = json.Unmarshal(body, &in)
		for _, op := range in.PatchOperations {
			if op.Op != "replace" {
				writeJSON(w, http.StatusBadRequest, map[string]string{"message": "the test proxy answers only replace operations of UpdateDomainName"})
				return
			}
			o[op.Path[1:]] = op.Value
		}
	}
	p.setOverlay(v2, name, o)
	maps.Copy(dom, o)
	writeJSON(w, http.StatusOK, dom)
}

// domainTagCall serves TagResource and UntagResource of a domain name from
// the overlay.
func (p *Proxy) domainTagCall(method string, v2 bool, name string, r *http.Request, w http.ResponseWriter, forward func(http.ResponseWriter, *http.Request)) {
	body := peekBody(r)
	dom, rec := p.readDomain(v2, name, r, forward)
	if dom == nil {
		copyRecorded(w, rec)
		return
	}
	tags := map[string]any{}
	if cur, ok := dom["tags"].(map[string]any); ok {
		maps.Copy(tags, cur)
	}
	if method == http.MethodDelete {
		for _, k := range r.URL.Query()["tagKeys"] {
			delete(tags, k)
		}
	} else {
		var in struct {
			Tags map[string]any `json:"tags"`
		}
		_ = json.Unmarshal(body, &in)
		maps.Copy(tags, in.Tags)
	}
	o := p.overlay(v2, name)
	if o == nil {
		o = map[string]any{}
	}
	o["tags"] = tags
	p.setOverlay(v2, name, o)
	switch {
	case method == http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
	case v2:
		writeJSON(w, http.StatusCreated, map[string]any{})
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}
