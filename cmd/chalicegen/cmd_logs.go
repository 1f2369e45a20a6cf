package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
)

func init() {
	register(func(e *Env) *cobra.Command {
		var stage, name, profile, since string
		var lambdaMessages bool
		cmd := &cobra.Command{
			Use:   "logs [-n NAME] [--stage STAGE] [--since WHEN] [--include-lambda-messages]",
			Short: "Print the CloudWatch logs of a deployed Lambda function",
			Long: `Logs prints the events of the CloudWatch Logs group /aws/lambda/<function>
of the deployed function with the given logical name (default api_handler),
oldest first, as "TIME STREAM MESSAGE". Lambda's own START/END/REPORT lines
are left out unless --include-lambda-messages is given. --since takes a
duration back from now (10m, 2h) or an RFC 3339 time.`,
			Args: noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
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
				fn := ""
				if arn := st.LambdaARN(name); arn != "" {
					fn = arn[strings.LastIndexByte(arn, ':')+1:]
				} else {
					sc, err := deployStageSettings(e.ProjectDir, stage)
					if err != nil {
						return err
					}
					fn = plan.FunctionName(sc.AppName, sc.Name, name)
				}
				cfg, err := awsConfig(ctx, profile)
				if err != nil {
					return err
				}
				group := plan.LogGroupName(fn)
				p := cloudwatchlogs.NewFilterLogEventsPaginator(cloudwatchlogs.NewFromConfig(cfg), &cloudwatchlogs.FilterLogEventsInput{
					LogGroupName: aws.String(group), StartTime: start,
				})
				for p.HasMorePages() {
					page, err := p.NextPage(ctx)
					if err != nil {
						return fmt.Errorf("reading log group %s: %w", group, err)
					}
					for _, ev := range page.Events {
						msg := strings.TrimRight(aws.ToString(ev.Message), "\n")
						if !lambdaMessages && isLambdaMessage(msg) {
							continue
						}
						ts := time.UnixMilli(aws.ToInt64(ev.Timestamp)).UTC().Format("2006-01-02 15:04:05.000000")
						fmt.Fprintf(e.Stdout, "%s %s %s\n", ts, shortStream(aws.ToString(ev.LogStreamName)), msg)
					}
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
		return cmd
	})
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
