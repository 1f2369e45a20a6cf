package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
)

func init() {
	register(func(e *Env) *cobra.Command {
		var stage, name, profile, since string
		var lambdaMessages, follow bool
		var maxEntries int
		cmd := &cobra.Command{
			Use:   "logs [-n NAME] [--stage STAGE] [--since WHEN] [--include-lambda-messages] [--follow] [--max-entries N]",
			Short: "Print the CloudWatch logs of a deployed Lambda function",
			Long: `Logs prints the events of the CloudWatch Logs group /aws/lambda/<function>
of the deployed function with the given logical name (default api_handler),
oldest first, as "TIME STREAM MESSAGE". Lambda's own START/END/REPORT lines
are left out unless --include-lambda-messages is given. --since takes a
duration back from now (10m, 2h) or an RFC 3339 time. --follow keeps
polling for new events until interrupted (Ctrl-C); --max-entries stops
after N events.`,
			Args: noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				if maxEntries < 0 {
					return usageErrorf("--max-entries %d: must be 0 (no limit) or more", maxEntries)
				}
				ctx := cmdContext(cmd)
				var start *int64
				if since != "" {
					t, err := parseSince(since, time.Now())
					if err != nil {
						return usageErrorf("--since %q: %v", since, err)
					}
					start = aws.Int64(t.UnixMilli())
				}
				st, err := state.Load(e.ProjectDir, stage)
				if err != nil {
					return err
				}
				arn, err := deployedFunction(st, name, stage)
				if err != nil {
					return err
				}
				fn := arn[strings.LastIndexByte(arn, ':')+1:]
				cfg, err := awsConfig(ctx, profile)
				if err != nil {
					return err
				}
				if follow {
					var stop context.CancelFunc
					ctx, stop = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
					defer stop()
				}
				t := &logTail{
					Client: cloudwatchlogs.NewFromConfig(cfg), Group: plan.LogGroupName(fn), Start: start,
					Follow: follow, MaxEntries: maxEntries, Poll: 2 * time.Second,
					Print: func(ev cwtypes.FilteredLogEvent) {
						msg := strings.TrimRight(aws.ToString(ev.Message), "\n")
						ts := time.UnixMilli(aws.ToInt64(ev.Timestamp)).UTC().Format("2006-01-02 15:04:05.000000")
						fmt.Fprintf(e.Stdout, "%s %s %s\n", ts, shortStream(aws.ToString(ev.LogStreamName)), msg)
					},
					Skip: func(ev cwtypes.FilteredLogEvent) bool {
						return !lambdaMessages && isLambdaMessage(aws.ToString(ev.Message))
					},
					Missing: func() {
						wait := ""
						if follow {
							wait = "; waiting for it"
						}
						fmt.Fprintf(e.Stderr, "chalicegen: no logs yet: log group %s does not exist (Lambda creates it when %s first runs)%s\n", plan.LogGroupName(fn), name, wait)
					},
				}
				if err := t.Run(ctx); err != nil && !(follow && errors.Is(err, context.Canceled)) {
					return err
				}
				return nil
			},
		}
		f := cmd.Flags()
		f.StringVarP(&name, "name", "n", plan.APIHandler, "the logical `NAME` of the function")
		f.StringVar(&stage, "stage", config.DefaultStage, "the chalice `STAGE`")
		f.StringVar(&since, "since", "", "only events newer than `WHEN`: a duration (10m) or an RFC 3339 time")
		f.BoolVar(&lambdaMessages, "include-lambda-messages", false, "include Lambda's START, END and REPORT lines")
		f.StringVar(&profile, "profile", "", "the AWS `PROFILE` to use")
		f.BoolVarP(&follow, "follow", "f", false, "keep printing new events until interrupted")
		f.IntVar(&maxEntries, "max-entries", 0, "stop after `N` events (0: no limit)")
		return cmd
	})
}

// logTail prints a log group's events with FilterLogEvents, oldest first;
// with Follow it polls for new ones until its context ends. Events are
// de-duplicated by event ID: each poll starts at the newest timestamp seen
// (events of the same millisecond may arrive in different polls).
type logTail struct {
	Client     cloudwatchlogs.FilterLogEventsAPIClient
	Group      string
	Start      *int64 // epoch milliseconds; nil: from the beginning
	Follow     bool
	MaxEntries int // stop after this many printed events; 0: no limit
	Poll       time.Duration
	Print      func(cwtypes.FilteredLogEvent)
	Skip       func(cwtypes.FilteredLogEvent) bool // not printed, not counted
	// Missing is called once when the group does not exist, which is the
	// case until the function first runs: that is no events, not an error,
	// and a follow waits for the group to appear.
	Missing func()
}

func (t *logTail) Run(ctx context.Context) error {
	seen := map[string]int64{} // event ID -> timestamp, for the newest timestamps only
	start := t.Start
	printed := 0
	missing := false
	for {
		p := cloudwatchlogs.NewFilterLogEventsPaginator(t.Client, &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String(t.Group), StartTime: start})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				var nf *cwtypes.ResourceNotFoundException
				if !errors.As(err, &nf) {
					return fmt.Errorf("reading log group %s: %w", t.Group, err)
				}
				if !missing && t.Missing != nil {
					t.Missing()
				}
				missing = true
				break
			}
			for _, ev := range page.Events {
				id := aws.ToString(ev.EventId)
				if _, dup := seen[id]; dup {
					continue
				}
				ts := aws.ToInt64(ev.Timestamp)
				seen[id] = ts
				if start == nil || ts > *start {
					start = aws.Int64(ts)
				}
				if t.Skip != nil && t.Skip(ev) {
					continue
				}
				t.Print(ev)
				printed++
				if t.MaxEntries > 0 && printed >= t.MaxEntries {
					return nil
				}
			}
		}
		if !t.Follow {
			return nil
		}
		// Only events at the newest timestamp can come back.
		for id, ts := range seen {
			if start != nil && ts < *start {
				delete(seen, id)
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(t.Poll):
		}
	}
}

func parseSince(s string, now time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			d = -d
		}
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a duration (10m, 2h) or a time (2024-05-01T10:00:00Z)")
}

func isLambdaMessage(m string) bool {
	for _, p := range []string{"START RequestId: ", "END RequestId: ", "REPORT RequestId: ", "INIT_START ", "INIT_REPORT ", "XRAY TraceId: "} {
		if strings.HasPrefix(m, p) {
			return true
		}
	}
	return false
}

// shortStream is the first 6 characters of the stream's instance ID
// ("2024/05/01/[$LATEST]547e0f..." → "547e0f").
func shortStream(s string) string {
	if i := strings.LastIndexByte(s, ']'); i >= 0 {
		s = s[i+1:]
	}
	if len(s) > 6 {
		s = s[:6]
	}
	return s
}
