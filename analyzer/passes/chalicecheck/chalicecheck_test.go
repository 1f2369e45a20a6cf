package chalicecheck_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/chalice-go/chalice/analyzer/passes/chalicecheck"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chalicecheck.Analyzer, "app", "bp", "clean")
}
