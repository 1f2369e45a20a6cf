// Command chalicevet checks //chalice: annotations as a go vet tool. In a
// project whose go.mod records it as a tool (chalicegen new-project does;
// go get -tool github.com/chalice-go/chalice/cmd/chalicevet otherwise):
//
//	go vet -vettool=$(go tool -n chalicevet) ./...
//
// Installed on PATH (make install), -vettool=$(which chalicevet) does the
// same. It can also run on its own (chalicevet ./...), where -fix applies
// the suggested fixes of its "did you mean" hints.
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/chalice-go/chalice/analyzer/passes/chalicecheck"
)

func main() { singlechecker.Main(chalicecheck.Analyzer) }
