package model

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestCheckExperimental(t *testing.T) {
	ws := &App{Events: []*EventHandler{{Kind: EventSchedule}, {Kind: EventWSMessage}, {Kind: EventWSConnect}}}
	err := CheckExperimental(ws)
	var xe *ExperimentalError
	if !errors.As(err, &xe) || !reflect.DeepEqual(xe.Missing, []string{"WEBSOCKETS"}) {
		t.Fatalf("err = %v", err)
	}
	want := "You are using experimental features without explicitly opting in.\n" +
		"Experimental features do not guarantee backwards compatibility and may be removed in the future.\n" +
		"If you still like to use these experimental features, you can opt-in by adding this to your app's package clause:\n" +
		"\n" +
		"//chalice:app experimental=WEBSOCKETS\n" +
		"\n" +
		"\n" +
		"See https://chalice.readthedocs.io/en/latest/topics/experimental.rst for more details."
	if err.Error() != want {
		t.Errorf("message:\n%s\nwant:\n%s", err, want)
	}

	ws.Experimental = []string{"WEBSOCKETS"}
	if err := CheckExperimental(ws); err != nil {
		t.Errorf("opted in: %v", err)
	}
	ws.Experimental = []string{"websockets"}
	if err := CheckExperimental(ws); err == nil || !strings.Contains(err.Error(), "experimental=WEBSOCKETS") {
		t.Errorf("flags are case-sensitive: %v", err)
	}
	if err := CheckExperimental(&App{Events: []*EventHandler{{Kind: EventSQS}}}); err != nil {
		t.Errorf("no experimental feature: %v", err)
	}
	if err := CheckExperimental(nil); err != nil {
		t.Errorf("nil app: %v", err)
	}
	if got := RequiredFeatures(&App{}); len(got) != 0 {
		t.Errorf("RequiredFeatures = %v", got)
	}
}
