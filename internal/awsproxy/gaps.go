package awsproxy

import (
	"fmt"
	"net/http"
	"regexp"
	"sync/atomic"
)

// Gaps lists the operations moto 5.2.1 does not implement that a deploy
// calls; the proxy answers them itself, as AWS would for a request that
// succeeds, and forwards everything else. docs/deploy.md lists them too.
var Gaps = []string{
	"apigateway POST /v2/apis/{id}/deployments (CreateDeployment, API Gateway v2)",
}

var (
	v2Deployments = regexp.MustCompile(`^POST /v2/apis/[^/]+/deployments$`)
	gapSeq        atomic.Int64
)

// answerGap reports whether the proxy answers c itself; with a non-nil w it
// writes the answer.
func answerGap(c Call, r *http.Request, w http.ResponseWriter) bool {
	switch {
	case c.Service == "apigateway" && v2Deployments.MatchString(c.Operation):
		if w != nil {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			fmt.Fprintf(w, `{"deploymentId":"gap%d","deploymentStatus":"DEPLOYED","autoDeployed":false}`, gapSeq.Add(1))
		}
		return true
	}
	return false
}
