package main

import (
	"bytes"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/chalicetest"
)

func captureLog(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	chalice.ConfigureLogger("codecommit-events", &buf)
	chalice.SetLogLevel(slog.LevelInfo)
	t.Cleanup(func() {
		chalice.ConfigureLogger("codecommit-events", os.Stdout)
		chalice.SetLogLevel(slog.LevelError)
	})
	return &buf
}

func TestBranchUpdated(t *testing.T) {
	logs := captureLog(t)
	c := chalicetest.New(chaliceApp())
	payload := chalicetest.CloudWatchEvent("aws.codecommit", "CodeCommit Repository State Change", map[string]any{
		"event":          "referenceUpdated",
		"repositoryName": "my-repo",
		"referenceType":  "branch",
		"referenceName":  "main",
		"commitId":       "5c4ef10",
		"oldCommitId":    "1a2b3c4",
	})
	if _, err := c.Invoke(t, "on_code_commit_changes", payload); err != nil {
		t.Fatal(err)
	}
	want := "codecommit-events - INFO - my-repo: branch main moved 1a2b3c4 -> 5c4ef10\n"
	if logs.String() != want {
		t.Errorf("log %q, want %q", logs.String(), want)
	}
}

func TestTagCreated(t *testing.T) {
	logs := captureLog(t)
	c := chalicetest.New(chaliceApp())
	payload := chalicetest.CloudWatchEvent("aws.codecommit", "CodeCommit Repository State Change", map[string]any{
		"event": "referenceCreated", "repositoryName": "my-repo", "referenceType": "tag",
		"referenceName": "v1.0.0", "commitId": "abc",
	})
	if _, err := c.Invoke(t, "on_code_commit_changes", payload); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "my-repo: tag v1.0.0 created at abc") {
		t.Errorf("log %q", logs.String())
	}
}

func TestOtherDetailTypesAreIgnored(t *testing.T) {
	logs := captureLog(t)
	c := chalicetest.New(chaliceApp())
	payload := chalicetest.CloudWatchEvent("aws.codecommit", "CodeCommit Comment on Commit", map[string]any{"event": "commentOnCommitCreated"})
	if _, err := c.Invoke(t, "on_code_commit_changes", payload); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), `Ignoring "CodeCommit Comment on Commit" from aws.codecommit`) {
		t.Errorf("log %q", logs.String())
	}
}

func TestMalformedDetailFailsTheInvocation(t *testing.T) {
	captureLog(t)
	c := chalicetest.New(chaliceApp())
	payload := chalicetest.CloudWatchEvent("aws.codecommit", "CodeCommit Repository State Change", []byte(`"not an object"`))
	if _, err := c.Invoke(t, "on_code_commit_changes", payload); err == nil {
		t.Error("a detail that does not decode should fail, so EventBridge retries")
	}
}
