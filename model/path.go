package model

import "github.com/chalice-go/chalice/internal/apirules"

// PathCaptures returns the names captured by a route path, in order:
// "/a/{x}/b/{rest+}" gives ["x", "rest"] (the API Gateway rule, apirules).
func PathCaptures(path string) []string { return apirules.Captures(path) }

// DefaultBinaryTypes are the content types API Gateway treats as binary
// unless the app changes the list (apirules owns the list).
var DefaultBinaryTypes = apirules.DefaultBinaryTypes

// Rule compiles the CORS config with the API Gateway rules (apirules), as
// the deploy plan and the OpenAPI document read it.
func (c *CORS) Rule() *apirules.CORSRule {
	return apirules.NewCORS(apirules.CORS{AllowOrigin: c.AllowOrigin, AllowHeaders: c.AllowHeaders,
		ExposeHeaders: c.ExposeHeaders, MaxAge: c.MaxAge, AllowCredentials: c.AllowCredentials})
}

// HTTPCORS is the app's one HTTP API CORS configuration
// (apirules.HTTPAPICORS over its routes): nil without CORS routes, and an
// error positioned at the route whose CORS settings cannot share it.
func (a *App) HTTPCORS() (*apirules.HTTPCORS, error) {
	routes := make([]apirules.HTTPCORSRoute, len(a.Routes))
	for i, r := range a.Routes {
		routes[i] = apirules.HTTPCORSRoute{Name: "route " + r.Path, Methods: r.Methods}
		if r.CORS != nil {
			routes[i].CORS = r.CORS.Rule()
		}
	}
	c, err := apirules.HTTPAPICORS(routes)
	if ce, ok := err.(*apirules.CORSConflictError); ok {
		return nil, Errorf(a.Routes[ce.Route].Pos, "%s", ce.Reason)
	}
	return c, err
}
