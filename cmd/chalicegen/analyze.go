package main

import (
	"errors"
	"strings"

	"github.com/chalice-go/chalice/analyzer"
	"github.com/chalice-go/chalice/model"
)

// analyzeApp builds the app model for the package in dir.
func analyzeApp(dir, appName string) (*model.App, error) {
	return analyzer.Load(dir, analyzer.Config{AppName: appName})
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
	optIn := false
	for i, e := range es {
		lines[i] = e.Error()
		optIn = optIn || strings.Contains(e.Msg, "experimental=WEBSOCKETS")
	}
	if optIn {
		// The spec's CLI message, after the positioned errors editors use.
		lines = append(lines, "", (&model.ExperimentalError{Missing: []string{model.FeatureWebsockets}}).Error())
	}
	return lines, true
}
