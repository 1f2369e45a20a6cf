package awsproxy

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sync"
)

// authorizers are the API Gateway v2 authorizer IDs seen created, by API
// ID, for answering GetAuthorizers (moto has GetAuthorizer but no list).
// API IDs are unique across moto servers, so one table serves every proxy.
var (
	v2Authorizers = regexp.MustCompile(`^(GET|POST) /v2/apis/([^/]+)/authorizers$`)
	v2Authorizer  = regexp.MustCompile(`^DELETE /v2/apis/([^/]+)/authorizers/([^/]+)$`)
	v2Stage       = regexp.MustCompile(`^PATCH /v2/apis/([^/]+)/stages/([^/]+)$`)
)

var authorizers = struct {
	sync.Mutex
	byAPI map[string][]string
}{byAPI: map[string][]string{}}

// answerV2Gap handles the API Gateway v2 calls moto lacks or gets wrong
// (Gaps); with a nil w it only reports whether it would.
func answerV2Gap(c Call, r *http.Request, w http.ResponseWriter, forward func(http.ResponseWriter, *http.Request)) bool {
	op := c.Operation
	if m := v2Authorizers.FindStringSubmatch(op); m != nil {
		if w == nil {
			return true
		}
		if m[1] == http.MethodPost {
			rec := relay(w, r, forward)
			var out struct {
				AuthorizerID string `json:"authorizerId"`
			}
			if rec.Code < 300 && json.Unmarshal(rec.Body.Bytes(), &out) == nil && out.AuthorizerID != "" {
				authorizers.Lock()
				authorizers.byAPI[m[2]] = append(authorizers.byAPI[m[2]], out.AuthorizerID)
				authorizers.Unlock()
			}
			return true
		}
		authorizers.Lock()
		ids := slices.Clone(authorizers.byAPI[m[2]])
		authorizers.Unlock()
		items := []json.RawMessage{}
		for _, id := range ids {
			rec := call(r, forward, http.MethodGet, "/v2/apis/"+m[2]+"/authorizers/"+id, nil)
			if rec.Code == http.StatusOK {
				items = append(items, rec.Body.Bytes())
			}
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": items})
		return true
	}
	if m := v2Authorizer.FindStringSubmatch(op); m != nil {
		if w == nil {
			return true
		}
		rec := relay(w, r, forward)
		if rec.Code < 300 || rec.Code == http.StatusNotFound {
			authorizers.Lock()
			authorizers.byAPI[m[1]] = slices.DeleteFunc(authorizers.byAPI[m[1]], func(id string) bool { return id == m[2] })
			authorizers.Unlock()
		}
		return true
	}
	if m := v2Stage.FindStringSubmatch(op); m != nil {
		if w == nil {
			return true
		}
		// UpdateStage as DeleteStage + CreateStage with the merged settings.
		path := "/v2/apis/" + m[1] + "/stages/" + m[2]
		cur := call(r, forward, http.MethodGet, path, nil)
		if cur.Code != http.StatusOK {
			copyRecorded(w, cur)
			return true
		}
		stage := map[string]any{}
		json.Unmarshal(cur.Body.Bytes(), &stage)
		patch := map[string]any{}
		body, _ := io.ReadAll(r.Body)
		json.Unmarshal(body, &patch)
		for k, v := range patch {
			stage[k] = v
		}
		for _, k := range []string{"createdDate", "lastUpdatedDate", "lastDeploymentStatusMessage", "apiGatewayManaged"} {
			delete(stage, k)
		}
		if del := call(r, forward, http.MethodDelete, path, nil); del.Code >= 300 {
			copyRecorded(w, del)
			return true
		}
		b, _ := json.Marshal(stage)
		created := call(r, forward, http.MethodPost, "/v2/apis/"+m[1]+"/stages", b)
		if created.Code < 300 {
			created.Code = http.StatusOK
		}
		copyRecorded(w, created)
		return true
	}
	return false
}

// relay forwards r, copies the answer to w and returns it.
func relay(w http.ResponseWriter, r *http.Request, forward func(http.ResponseWriter, *http.Request)) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	forward(rec, r)
	copyRecorded(w, rec)
	return rec
}

// call sends another request to the endpoint with r's headers (moto reads
// the account and region from its signature).
func call(r *http.Request, forward func(http.ResponseWriter, *http.Request), method, path string, body []byte) *httptest.ResponseRecorder {
	req := r.Clone(r.Context())
	req.Method = method
	req.URL.Path, req.URL.RawPath, req.URL.RawQuery = path, "", ""
	req.RequestURI = ""
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	req.Header.Del("Content-Length")
	rec := httptest.NewRecorder()
	forward(rec, req)
	return rec
}

// deleteV2Mappings deletes a v2 domain's API mappings before the domain
// itself: moto's DeleteDomainName fails part-way through them.
func deleteV2Mappings(name string, r *http.Request, forward func(http.ResponseWriter, *http.Request)) {
	path := "/v2/domainnames/" + url.PathEscape(name)
	maps := call(r, forward, http.MethodGet, path+"/apimappings", nil)
	var out struct {
		Items []struct {
			ID string `json:"apiMappingId"`
		} `json:"items"`
	}
	if maps.Code == http.StatusOK && json.Unmarshal(maps.Body.Bytes(), &out) == nil {
		for _, it := range out.Items {
			call(r, forward, http.MethodDelete, path+"/apimappings/"+it.ID, nil)
		}
	}
}
