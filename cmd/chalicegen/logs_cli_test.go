package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/internal/mototest"
)

// A function that has not run yet has no log group: `logs` prints a note
// and exits 0, `logs --follow` waits for the group, prints its events and
// stops with exit 0 on SIGINT (Ctrl-C). A name the stage does not record is
// an error naming the deployed functions, not a guessed log group.
func TestLogsCLIBeforeFirstRunMoto(t *testing.T) {
	bin := chalicegenBinary(t)
	mototest.Env(t, mototest.Start(t))
	dir := t.TempDir()
	st := state.New()
	st.Put(state.Resource{Name: "worker", Type: state.TypeLambdaFunction, LambdaARN: "arn:aws:lambda:us-east-1:123456789012:function:app-dev-worker"})
	if err := st.Save(dir, "dev"); err != nil {
		t.Fatal(err)
	}
	env := os.Environ()

	code, out, errs := runIn(t, dir, env, bin, "logs", "-n", "worker")
	if code != 0 || out != "" || !strings.Contains(errs, "no logs yet: log group /aws/lambda/app-dev-worker does not exist") {
		t.Errorf("logs of a function that never ran: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, _, errs = runIn(t, dir, env, bin, "logs")
	if code != 1 || !strings.Contains(errs, `no deployed function named "api_handler" in stage dev (deployed: worker)`) {
		t.Errorf("logs without -n in an app without api_handler: exit %d, %q", code, errs)
	}
	code, _, errs = runIn(t, dir, env, bin, "logs", "-n", "nosuch", "--follow")
	if code != 1 || !strings.Contains(errs, `no deployed function named "nosuch"`) {
		t.Errorf("logs -n nosuch: exit %d, %q", code, errs)
	}

	cmd := exec.Command(bin, "logs", "-n", "worker", "--follow")
	cmd.Dir = dir
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	// Through an io.Pipe, so Wait waits for exec's copy of stderr.
	stderr, stderrW := io.Pipe()
	cmd.Stderr = stderrW
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	lines := make(chan string, 16)
	go func() {
		s := bufio.NewScanner(stdout)
		for s.Scan() {
			lines <- s.Text()
		}
		close(lines)
	}()
	note := make(chan string, 1)
	go func() {
		b, _ := bufio.NewReader(stderr).ReadString('\n')
		note <- b
		_, _ = io.Copy(io.Discard, stderr)
	}()
	select {
	case n := <-note:
		if !strings.Contains(n, "does not exist") || !strings.Contains(n, "waiting for it") {
			t.Errorf("--follow note: %q", n)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("logs --follow printed no note about the missing log group")
	}

	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := cloudwatchlogs.NewFromConfig(cfg)
	group, stream := "/aws/lambda/app-dev-worker", "2026/01/01/[$LATEST]0a1b2c3d"
	createLogStream(t, c, group, stream)
	if _, err := c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream),
		LogEvents: []cwtypes.InputLogEvent{{Message: aws.String("first run"), Timestamp: aws.Int64(time.Now().UnixMilli())}}}); err != nil {
		t.Fatal(err)
	}
	select {
	case l := <-lines:
		if !strings.HasSuffix(l, " 0a1b2c first run") {
			t.Errorf("followed line %q", l)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("logs --follow did not print the event of the new log group")
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	for range lines {
	}
	err = cmd.Wait()
	stderrW.Close()
	if err != nil {
		t.Errorf("logs --follow after SIGINT: %v (want exit 0)", err)
	}
}

// createLogStream makes a log group with one stream, as Lambda does on a
// function's first run.
func createLogStream(t *testing.T, c *cloudwatchlogs.Client, group, stream string) {
	t.Helper()
	ctx := context.Background()
	if _, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(group)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream)}); err != nil {
		t.Fatal(err)
	}
}
