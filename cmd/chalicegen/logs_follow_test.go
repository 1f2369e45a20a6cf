package main

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/chalice-go/chalice/internal/mototest"
)

// logs --follow polls FilterLogEvents, prints each event once (also events
// sharing the millisecond of one already printed) and stops when its
// context ends; --max-entries stops after N.
func TestLogTailFollowMoto(t *testing.T) {
	if testing.Short() {
		t.Skip("moto")
	}
	mototest.Env(t, mototest.Start(t))
	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := cloudwatchlogs.NewFromConfig(cfg)
	group, stream := "/aws/lambda/app-dev", "2026/01/01/[$LATEST]abcdef0123"
	createLogStream(t, c, group, stream)
	base := time.Now().Add(-time.Minute).UnixMilli()
	put := func(msgs ...string) {
		t.Helper()
		var evs []cwtypes.InputLogEvent
		for i, m := range msgs {
			// Two events per millisecond.
			evs = append(evs, cwtypes.InputLogEvent{Message: aws.String(m), Timestamp: aws.Int64(base + int64(i/2))})
		}
		if _, err := c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream), LogEvents: evs}); err != nil {
			t.Fatal(err)
		}
	}
	put("one", "two", "three")

	var mu sync.Mutex
	var got []string
	printed := func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(got) }
	tail := &logTail{Client: c, Group: group, Follow: true, Poll: 20 * time.Millisecond, Print: func(ev cwtypes.FilteredLogEvent) {
		mu.Lock()
		got = append(got, aws.ToString(ev.Message))
		mu.Unlock()
	}}
	fctx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- tail.Run(fctx) }()
	waitFor := func(n int) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for len(printed()) < n && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor(3)
	// "four" shares the millisecond of "three", which was already printed.
	base2 := base
	base = base2 + 1
	put("four", "five", "six")
	waitFor(6)
	time.Sleep(100 * time.Millisecond) // a few more polls: nothing repeats
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Run after cancel: %v", err)
	}
	if want := []string{"one", "two", "three", "four", "five", "six"}; !slices.Equal(printed(), want) {
		t.Errorf("followed %q, want %q", printed(), want)
	}

	got = nil
	tail.Follow, tail.MaxEntries = false, 4
	if err := tail.Run(ctx); err != nil || !slices.Equal(printed(), []string{"one", "two", "three", "four"}) {
		t.Errorf("--max-entries 4: %v %q", err, printed())
	}
}
