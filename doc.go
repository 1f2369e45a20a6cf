// Package chalice is the vocabulary of a Chalice for Go app: the request and
// response types, the HTTP error constructors, CORS and authorizer
// configuration, event types and the per-invocation accessors.
//
// Handlers are plain functions annotated with //chalice: directives; the
// chalicegen generator reads them and writes a typed dispatcher
// (chalice_gen.go). See the README and docs/ for the annotation grammar.
package chalice
