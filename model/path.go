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
