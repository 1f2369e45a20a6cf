package model

import (
	"slices"
	"strings"
)

// FeatureWebsockets is the feature flag websocket handlers need
// (//chalice:app experimental=WEBSOCKETS), the spec's only experimental API
// still on trial. Blueprints were accepted and need no flag.
const FeatureWebsockets = "WEBSOCKETS"

// ExperimentalError lists the experimental features an app uses without
// opting in. Its message is what the CLI prints.
type ExperimentalError struct {
	Missing []string // feature flag names, sorted
}

func (e *ExperimentalError) Error() string {
	var b strings.Builder
	b.WriteString("You are using experimental features without explicitly opting in.\n")
	b.WriteString("Experimental features do not guarantee backwards compatibility and may be removed in the future.\n")
	b.WriteString("If you still like to use these experimental features, you can opt-in by adding this to your app's package clause:\n\n")
	b.WriteString("//chalice:app experimental=" + strings.Join(e.Missing, ",") + "\n\n\n")
	b.WriteString("See https://chalice.readthedocs.io/en/latest/topics/experimental.rst for more details.")
	return b.String()
}

// RequiredFeatures returns the experimental feature flags app's handlers
// need, sorted.
func RequiredFeatures(app *App) []string {
	var out []string
	for _, e := range app.Events {
		switch e.Kind {
		case EventWSConnect, EventWSMessage, EventWSDisconnect:
			out = append(out, FeatureWebsockets)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// CheckExperimental returns an *ExperimentalError when app uses an
// experimental feature (websocket handlers) that its //chalice:app
// directive does not opt in to with experimental=. Flags match
// case-sensitively, as the spec's set of strings does.
func CheckExperimental(app *App) error {
	if app == nil {
		return nil
	}
	var missing []string
	for _, f := range RequiredFeatures(app) {
		if !slices.Contains(app.Experimental, f) {
			missing = append(missing, f)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return &ExperimentalError{Missing: missing}
}
