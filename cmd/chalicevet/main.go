// Command chalicevet checks //chalice: annotations as a go vet tool:
//
//	go install github.com/chalice-go/chalice/cmd/chalicevet
//	go vet -vettool=$(which chalicevet) ./...
//
// It can also run on its own: chalicevet ./...
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/chalice-go/chalice/analyzer/passes/chalicecheck"
)

func main() { singlechecker.Main(chalicecheck.Analyzer) }
