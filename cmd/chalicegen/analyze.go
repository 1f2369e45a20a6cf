package main

import (
	"errors"

	"github.com/chalice-go/chalice/analyzer"
	"github.com/chalice-go/chalice/model"
)

// analyzeApp builds the app model for the package in dir; warn gets the
// problems that do not stop it.
func analyzeApp(dir, appName string, warn func(analyzer.Error)) (*model.App, error) {
	return analyzer.Load(dir, analyzer.Config{AppName: appName, Warn: warn})
}

// analyzerErrors returns the lines of an analyzer error, positions made
// relative to cwd, or false when err did not come from the analyzer.
func analyzerErrors(err error, cwd string) ([]string, bool) {
	var es analyzer.Errors
	if !errors.As(err, &es) {
		return nil, false
	}
	es = es.RelativeTo(cwd)
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	var xe *model.ExperimentalError
	if errors.As(es, &xe) {
		// The spec's CLI message, after the positioned errors editors use.
		lines = append(lines, "", xe.Error())
	}
	return lines, true
}
