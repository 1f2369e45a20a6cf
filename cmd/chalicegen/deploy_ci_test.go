package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/chalice-go/chalice/gen/gentest"
	"github.com/chalice-go/chalice/internal/awsproxy"
	"github.com/chalice-go/chalice/internal/mototest"
)

// A deploy that died between CreateRole and PutRolePolicy leaves a role
// without its policy, so the next deploy sees a policy change. In CI,
// standard input is /dev/null: the real binary must not ask "Would you
// like to continue?" there (and fail reading EOF), but apply the policy and
// exit 0. Both ways to die: PutRolePolicy fails, or the process is killed
// (SIGKILL) right after CreateRole returned.
func TestDeployInCIAfterRoleFault(t *testing.T) {
	bin := chalicegenBinary(t)
	px := mototest.Proxied(t)
	for k, v := range map[string]string{"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOSUMDB": "off", "GOWORK": "off", "GOTOOLCHAIN": "local"} {
		t.Setenv(k, v)
	}
	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sqs.NewFromConfig(cfg).CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("jobs")}); err != nil {
		t.Fatal(err)
	}
	iamc := iam.NewFromConfig(cfg)

	for _, tc := range []struct {
		mode  string
		match string // the IAM action the fault hits
	}{
		{awsproxy.Fail, "PutRolePolicy"},
		{awsproxy.Stop, "CreateRole"},
	} {
		t.Run(tc.mode+"-"+tc.match, func(t *testing.T) {
			dir := gentest.NewModule(t, repoRoot(t), "example.com/deployapp", filepath.Join(repoRoot(t), "testdata", "deploy", "app"))
			// deploy runs the real binary with standard input on /dev/null,
			// as CI does; onStart gets the running process.
			deploy := func(onStart func(*os.Process)) (int, string) {
				t.Helper()
				devnull, err := os.Open(os.DevNull)
				if err != nil {
					t.Fatal(err)
				}
				defer devnull.Close()
				cmd := exec.Command(bin, "--project-dir", dir, "deploy")
				cmd.Dir = dir
				cmd.Stdin = devnull
				var out strings.Builder
				cmd.Stdout, cmd.Stderr = &out, &out
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				if onStart != nil {
					onStart(cmd.Process)
				}
				err = cmd.Wait()
				if ee, ok := err.(*exec.ExitError); ok {
					return ee.ExitCode(), out.String()
				} else if err != nil {
					t.Fatal(err)
				}
				return 0, out.String()
			}

			var mu sync.Mutex
			var proc *os.Process
			kill := func() {
				mu.Lock()
				defer mu.Unlock()
				if proc != nil {
					_ = proc.Kill()
				}
			}
			px.InjectOn(func(c awsproxy.Call) bool { return c.Service == "iam" && c.Operation == tc.match }, tc.mode, kill)
			code, out := deploy(func(p *os.Process) { mu.Lock(); proc = p; mu.Unlock() })
			if !px.Fired() {
				t.Fatalf("the faulted deploy never called %s: exit %d\n%s", tc.match, code, out)
			}
			if code == 0 {
				t.Fatalf("the faulted deploy exited 0:\n%s", out)
			}
			if _, err := iamc.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String("deployapp-dev"), PolicyName: aws.String("deployapp-dev")}); err == nil {
				t.Fatal("the role has its policy after the fault; the test does not set up the policy change it means to")
			}

			px.Reset()
			code, out = deploy(nil)
			if code != 0 {
				t.Fatalf("redeploy with stdin on %s: exit %d\n%s", os.DevNull, code, out)
			}
			if strings.Contains(out, "Would you like to continue") {
				t.Errorf("redeploy asked the policy prompt with stdin on %s:\n%s", os.DevNull, out)
			}
			if !strings.Contains(out, "will be added to the execution policy") {
				t.Errorf("redeploy did not show the policy change:\n%s", out)
			}
			if _, err := iamc.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String("deployapp-dev"), PolicyName: aws.String("deployapp-dev")}); err != nil {
				t.Errorf("the role has no policy after the redeploy: %v", err)
			}
			if code, out, errOut := cli(t, dir, "--project-dir", dir, "delete"); code != 0 {
				t.Fatalf("delete: exit %d\n%s%s", code, out, errOut)
			}
		})
	}
}
