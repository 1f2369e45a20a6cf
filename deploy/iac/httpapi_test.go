package iac

import (
	"slices"
	"testing"

	"github.com/chalice-go/chalice/deploy/plan"
)

// TestRouteNames: route names come from the key's words; keys that would
// share a name in either syntax are told apart by a hash of the key, and
// the others keep their plain names.
func TestRouteNames(t *testing.T) {
	routes := []*plan.HTTPRoute{{Key: "GET /"}, {Key: "GET /users/{name}"}, {Key: "GET /a-b"}, {Key: "GET /a_b"}, {Key: "GET /aB"}, {Key: "GET /files/{proxy+}"}}
	ids, names := routeNames(routes)
	wantIDs := []string{"HttpAPIRouteGET", "HttpAPIRouteGETUsersName", "HttpAPIRouteGETAB3c8680cc", "HttpAPIRouteGETAB3b7805aa", "HttpAPIRouteGETAB08910783", "HttpAPIRouteGETFilesProxy"}
	wantNames := []string{"http_api_get", "http_api_get_users_name", "http_api_get_a_b_3c8680cc", "http_api_get_a_b_3b7805aa", "http_api_get_ab_08910783", "http_api_get_files_proxy"}
	if !slices.Equal(ids, wantIDs) || !slices.Equal(names, wantNames) {
		t.Errorf("routeNames:\n got %q\n     %q\nwant %q\n     %q", ids, names, wantIDs, wantNames)
	}
}
