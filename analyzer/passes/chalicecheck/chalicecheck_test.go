package chalicecheck_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/chalice-go/chalice/analyzer/passes/chalicecheck"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chalicecheck.Analyzer, "app", "bp", "clean")
}

// TestSuggestedFixes applies every fix the pass suggests and compares the
// result with testdata/src/fixes/fixes.go.golden.
func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), chalicecheck.Analyzer, "fixes")
}
