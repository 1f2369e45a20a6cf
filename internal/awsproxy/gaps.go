package awsproxy

import (
	"fmt"
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
}

var (
	v2Deployments   = regexp.MustCompile(`^POST /v2/apis/[^/]+/deployments$`)
	basePathListing = regexp.MustCompile(`^GET /domainnames/[^/]+/basepathmappings$`)
	gapSeq          atomic.Int64
)

// answerGap reports whether the proxy answers c itself; with a non-nil w it
// writes the answer.
func answerGap(c Call, r *http.Request, w http.ResponseWriter, forward func(http.ResponseWriter, *http.Request)) bool {
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
