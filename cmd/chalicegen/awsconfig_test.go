package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/deploy/state"
)

// Without credentials the AWS commands say so plainly (exit 1), before
// any AWS call fails with the SDK's chain of provider errors.
func TestNoCredentials(t *testing.T) {
	dir := t.TempDir()
	st := state.New()
	st.Put(state.Resource{Name: "x", Type: state.TypeLambdaFunction, LambdaARN: "arn:aws:lambda:us-east-1:123456789012:function:app-dev-x"})
	if err := st.Save(dir, "dev"); err != nil {
		t.Fatal(err)
	}
	none := filepath.Join(dir, "none")
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "",
		"AWS_CONFIG_FILE": none, "AWS_SHARED_CREDENTIALS_FILE": none, "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI": "", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "", "AWS_WEB_IDENTITY_TOKEN_FILE": "",
		"AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:1",
	} {
		t.Setenv(k, v)
	}
	for _, args := range [][]string{{"delete"}, {"logs", "-n", "x"}} {
		code, _, stderr := cli(t, dir, append([]string{"--project-dir", dir}, args...)...)
		if code != 1 || !strings.Contains(stderr, "chalicegen: no AWS credentials found: set AWS_ACCESS_KEY_ID") {
			t.Errorf("%v without credentials: exit %d: %s", args, code, stderr)
		}
	}
}
