package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/chalice-go/chalice/gen/gentest"
	"github.com/chalice-go/chalice/internal/mototest"
)

// BenchmarkDeployMoto deploys the testdata/deploy/app fixture through the
// CLI to moto behind the recording proxy and prints, with the number of
// AWS calls (and mutating calls) of each: the first deploy, a warm no-op
// redeploy, and the baseline no-op redeploy that cross-compiles again (the
// package's inputs changed only in a comment, so the zip is the same and
// nothing in AWS changes). The target is a warm no-op of at most 1 s.
func BenchmarkDeployMoto(b *testing.B) {
	px := mototest.Proxied(b)
	for k, v := range map[string]string{"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOSUMDB": "off", "GOWORK": "off", "GOTOOLCHAIN": "local"} {
		b.Setenv(k, v)
	}
	root, _ := filepath.Abs("../..")
	dir := gentest.NewModule(b, root, "example.com/deployapp", filepath.Join(root, "testdata", "deploy", "app"))
	cfg, err := awsconfig.LoadDefaultConfig(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := sqs.NewFromConfig(cfg).CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: aws.String("jobs")}); err != nil {
		b.Fatal(err)
	}
	var timings []string
	deploy := func(what string) (time.Duration, int, int) {
		px.Reset()
		var out, errb bytes.Buffer
		env := newEnv(strings.NewReader(""), &out, &errb)
		env.Cwd = dir
		start := time.Now()
		if code := env.execute([]string{"--project-dir", dir, "--debug", "deploy"}); code != 0 {
			b.Fatalf("%s: exit %d\n%s\n%s", what, code, out.String(), errb.String())
		}
		took := time.Since(start)
		for _, l := range strings.Split(errb.String(), "\n") {
			if strings.Contains(l, "timing: ") {
				timings = append(timings, what+": "+l[strings.Index(l, "timing: ")+8:])
			}
		}
		return took, len(px.Calls()), len(px.Mutating())
	}
	first, firstCalls, firstMut := deploy("first deploy")
	deploy("warm-up no-op")
	var noop, rebuild time.Duration
	var noopCalls, noopMut, rebuildCalls int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, c, m := deploy("no-op")
		noop += d
		noopCalls, noopMut = c, m
		touchComment(b, filepath.Join(dir, "app.go"), i)
		d, c, _ = deploy("no-op with rebuild")
		rebuild += d
		rebuildCalls = c
	}
	b.StopTimer()
	noop /= time.Duration(b.N)
	rebuild /= time.Duration(b.N)
	fmt.Printf("deploy on moto (testdata/deploy/app):\n")
	fmt.Printf("  first deploy:              %8v  %3d AWS calls (%d mutating)\n", first.Round(time.Millisecond), firstCalls, firstMut)
	fmt.Printf("  no-op redeploy (warm):     %8v  %3d AWS calls (%d mutating)  target <= 1s: %v\n", noop.Round(time.Millisecond), noopCalls, noopMut, noop <= time.Second)
	fmt.Printf("  baseline no-op + rebuild:  %8v  %3d AWS calls\n", rebuild.Round(time.Millisecond), rebuildCalls)
	fmt.Printf("  ratio baseline/no-op:      %8.2fx\n", float64(rebuild)/float64(noop))
	fmt.Printf("  phases (--debug timing):\n    %s\n", strings.Join(timings, "\n    "))
	b.ReportMetric(float64(noop.Milliseconds()), "noop-ms")
	b.ReportMetric(float64(rebuild.Milliseconds()), "rebuild-ms")
	b.ReportMetric(float64(noopCalls), "noop-calls")
}

// touchComment changes a comment of a source file: the inputs change, the
// binary does not.
func touchComment(b *testing.B, path string, i int) {
	b.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, append(data, []byte(fmt.Sprintf("\n// bench %d\n", i))...), 0o644); err != nil {
		b.Fatal(err)
	}
}
