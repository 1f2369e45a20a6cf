// Package benchmarks compares the Chalice for Go runtime with the usual way
// of serving API Gateway from Go: aws-lambda-go's reflective handler, the
// events types decoded by encoding/json, and a chi router behind
// aws-lambda-go-api-proxy. Both sides get the same event payloads and are
// measured from payload bytes to response bytes. Run `go test -bench=.`
// here (or `make bench` at the top); a summary with the ratios is printed
// after the benchmarks.
package benchmarks
