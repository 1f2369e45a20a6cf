// Package benchmarks compares the Chalice for Go runtime with the usual way
// of serving API Gateway from Go: aws-lambda-go's reflective handler, the
// events types decoded by encoding/json, and a chi router behind
// aws-lambda-go-api-proxy. Both sides get the same event payloads, from
// runtime/testdata (a regional 1.5-1.6 KB and an edge-optimized 2.3-2.5 KB
// REST event for each case), and are measured from payload bytes to
// response bytes, next to decoding the event alone. Run `go test -bench=.`
// here (or `make bench` at the top); a summary with ns/op, allocs/op and
// the ratios is printed after the benchmarks, and, when
// BenchmarkHelloBootstrapSize ran, the stripped arm64 bootstrap sizes of
// the hello app written with chalice and with aws-lambda-go.
package benchmarks
