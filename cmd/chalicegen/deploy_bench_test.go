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
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/chalice-go/chalice/gen/gentest"
	"github.com/chalice-go/chalice/internal/mototest"
)

// BenchmarkDeployMoto deploys the testdata/deploy/app fixture through the
// CLI to moto behind the recording proxy and prints, with the number of
// AWS calls (and mutating calls) of each:
//   - the first deploy, with independent resources created concurrently,
//     against its baseline, the same first deploy made sequentially
//     (Workers 1), both on an account emptied by delete and with the
//     package and the policy already built (a warm-up deploy), so the two
//     differ only in the AWS phase; and both again with 30 ms added to
//     every call by the proxy, the order of a round trip to AWS, which a
//     local moto (answering in about a millisecond, one request at a time)
//     does not have;
//   - a warm no-op redeploy (target: at most 1 s) against its baseline, a
//     no-op redeploy that cross-compiles again (the package's inputs changed
//     only in a comment, so the zip is the same and nothing in AWS changes).
func BenchmarkDeployMoto(b *testing.B) {
	const rtt = 30 * time.Millisecond
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
	run := func(what string, workers int, args ...string) (time.Duration, int, int) {
		px.Reset()
		var out, errb bytes.Buffer
		env := newEnv(strings.NewReader(""), &out, &errb)
		env.Cwd = dir
		env.DeployWorkers = workers
		start := time.Now()
		if code := env.execute(append([]string{"--project-dir", dir, "--debug"}, args...)); code != 0 {
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
	deploy := func(what string) (time.Duration, int, int) { return run(what, 0, "deploy") }
	run("warm-up deploy", 0, "deploy")
	run("delete", 0, "delete")
	seq, seqCalls, seqMut := run("first deploy, sequential", 1, "deploy")
	run("delete", 0, "delete")
	// The same with a modelled round trip to AWS, where concurrency pays.
	px.Latency = rtt
	seqRTT, _, _ := run("first deploy, sequential, +rtt", 1, "deploy")
	run("delete", 0, "delete")
	firstRTT, _, _ := run("first deploy, +rtt", 0, "deploy")
	run("delete", 0, "delete")
	px.Latency = 0
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
	fmt.Printf("  first deploy (concurrent):       %8v  %3d AWS calls (%d mutating)\n", first.Round(time.Millisecond), firstCalls, firstMut)
	fmt.Printf("  baseline first deploy (sequential): %8v  %3d AWS calls (%d mutating)\n", seq.Round(time.Millisecond), seqCalls, seqMut)
	fmt.Printf("  ratio sequential/concurrent:     %8.2fx\n", float64(seq)/float64(first))
	fmt.Printf("  with %v added to every call (a network round trip; moto answers in ~1 ms):\n", rtt)
	fmt.Printf("  first deploy (concurrent):       %8v\n", firstRTT.Round(time.Millisecond))
	fmt.Printf("  baseline first deploy (sequential): %8v\n", seqRTT.Round(time.Millisecond))
	fmt.Printf("  ratio sequential/concurrent:     %8.2fx\n", float64(seqRTT)/float64(firstRTT))
	fmt.Printf("  no-op redeploy (warm):           %8v  %3d AWS calls (%d mutating)  target <= 1s: %v\n", noop.Round(time.Millisecond), noopCalls, noopMut, noop <= time.Second)
	fmt.Printf("  baseline no-op + rebuild:        %8v  %3d AWS calls\n", rebuild.Round(time.Millisecond), rebuildCalls)
	fmt.Printf("  ratio baseline/no-op:            %8.2fx\n", float64(rebuild)/float64(noop))
	fmt.Printf("  phases (--debug timing):\n    %s\n", strings.Join(timings, "\n    "))
	b.ReportMetric(float64(first.Milliseconds()), "first-ms")
	b.ReportMetric(float64(seq.Milliseconds()), "first-seq-ms")
	b.ReportMetric(float64(firstRTT.Milliseconds()), "first-rtt-ms")
	b.ReportMetric(float64(seqRTT.Milliseconds()), "first-seq-rtt-ms")
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

// BenchmarkNoopRedeployExamples deploys example apps through the CLI to
// moto and times a warm no-op redeploy of each (target: at most 1 s), next
// to its baseline, the app's first deploy (which cross-compiles), with the
// AWS calls of each; then, on the account emptied by delete and with the
// package built, the first deploy made concurrently and its baseline, the
// same made sequentially (Workers 1), with their ratio.
func BenchmarkNoopRedeployExamples(b *testing.B) {
	px := mototest.Proxied(b)
	for k, v := range map[string]string{"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOSUMDB": "off", "GOWORK": "off", "GOTOOLCHAIN": "local"} {
		b.Setenv(k, v)
	}
	root, _ := filepath.Abs("../..")
	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		b.Fatal(err)
	}
	// What the apps' event sources need.
	if _, err := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("mybucket-name")}); err != nil {
		b.Fatal(err)
	}
	if _, err := sns.NewFromConfig(cfg).CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("my-demo-topic")}); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"my-queue", "orders"} {
		if _, err := sqs.NewFromConfig(cfg).CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(q)}); err != nil {
			b.Fatal(err)
		}
	}
	type result struct {
		app                string
		first, noop        time.Duration
		firstCalls, nCalls int
		nMut               int
		warm, seq          time.Duration // first deploys, package built: concurrent, sequential
		warmCalls          int
		phases             string // of the last no-op
	}
	var results []result
	for _, app := range []string{"hello", "authorizer", "cors", "events/every_hour", "events/s3resizer", "events/sns", "events/sqs", "websocket/chat"} {
		dir := gentest.NewModule(b, root, "example.com/"+filepath.Base(app), filepath.Join(root, "examples", filepath.FromSlash(app)))
		if _, err := os.Stat(filepath.Join(dir, ".chalice", "config.json")); err != nil {
			if err := os.MkdirAll(filepath.Join(dir, ".chalice"), 0o755); err != nil {
				b.Fatal(err)
			}
			cfg := `{"version": "2.0", "app_name": "` + filepath.Base(app) + `", "stages": {"dev": {}}}`
			if err := os.WriteFile(filepath.Join(dir, ".chalice", "config.json"), []byte(cfg), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		r := result{app: app}
		run := func(workers int, cmd string) (time.Duration, int, int) {
			px.Reset()
			var out, errb bytes.Buffer
			env := newEnv(strings.NewReader(""), &out, &errb)
			env.Cwd = dir
			env.DeployWorkers = workers
			start := time.Now()
			if code := env.execute([]string{"--project-dir", dir, "--debug", cmd}); code != 0 {
				b.Fatalf("%s: exit %d\n%s\n%s", app, code, out.String(), errb.String())
			}
			took := time.Since(start)
			if _, t, ok := strings.Cut(errb.String(), "timing: "); ok {
				r.phases, _, _ = strings.Cut(t, "\n")
			}
			return took, len(px.Calls()), len(px.Mutating())
		}
		deploy := func() (time.Duration, int, int) { return run(0, "deploy") }
		r.first, r.firstCalls, _ = deploy()
		deploy() // warm-up
		for i := 0; i < b.N; i++ {
			d, c, m := deploy()
			r.noop += d
			r.nCalls, r.nMut = c, m
		}
		r.noop /= time.Duration(b.N)
		phases := r.phases // of the last no-op
		run(0, "delete")
		r.warm, r.warmCalls, _ = run(0, "deploy")
		run(0, "delete")
		r.seq, _, _ = run(1, "deploy")
		r.phases = phases
		results = append(results, r)
	}
	fmt.Printf("warm no-op redeploy of example apps on moto (target <= 1s; baseline: the first deploy):\n")
	fmt.Printf("  (then, package built, account emptied by delete: first deploy concurrent, its baseline sequential, ratio seq/conc)\n")
	fmt.Printf("  %-18s %10s %6s %10s %6s %4s %8s %10s %6s %10s %8s\n", "app", "first", "calls", "no-op", "calls", "mut", "ratio", "conc", "calls", "seq", "ratio")
	for _, r := range results {
		fmt.Printf("  %-18s %10v %6d %10v %6d %4d %7.1fx %10v %6d %10v %7.2fx\n", r.app, r.first.Round(time.Millisecond), r.firstCalls, r.noop.Round(time.Millisecond), r.nCalls, r.nMut, float64(r.first)/float64(r.noop),
			r.warm.Round(time.Millisecond), r.warmCalls, r.seq.Round(time.Millisecond), float64(r.seq)/float64(r.warm))
		fmt.Printf("    no-op phases: %s\n", r.phases)
		if r.noop > time.Second {
			fmt.Printf("    %s: the no-op redeploy is over the 1 s target\n", r.app)
		}
	}
}
