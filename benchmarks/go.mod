module github.com/chalice-go/chalice/benchmarks

go 1.26.0

require (
	github.com/aws/aws-lambda-go v1.55.1
	github.com/awslabs/aws-lambda-go-api-proxy v0.16.2
	github.com/chalice-go/chalice v0.0.0
	github.com/go-chi/chi/v5 v5.5.0
)

require (
	github.com/coder/websocket v1.8.15 // indirect
	golang.org/x/mod v0.42.0 // indirect
)

replace github.com/chalice-go/chalice => ../
