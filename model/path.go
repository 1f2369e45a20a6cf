package model

import "github.com/chalice-go/chalice/internal/apirules"

// PathCaptures returns the names captured by a route path, in order:
// "/a/{x}/b/{rest+}" gives ["x", "rest"] (the API Gateway rule, apirules).
func PathCaptures(path string) []string { return apirules.Captures(path) }

// DefaultBinaryTypes are the content types API Gateway treats as binary
// unless the app changes the list (apirules owns the list).
var DefaultBinaryTypes = apirules.DefaultBinaryTypes
