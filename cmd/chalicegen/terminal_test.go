package main

import (
	"os"
	"strings"
	"testing"
)

// /dev/null is a character device but not a terminal: CI runs deploy with
// it as standard input, and the policy prompt must not be asked there.
func TestIsTerminalDevNull(t *testing.T) {
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Errorf("isTerminal(%s) = true; the policy prompt would block CI", os.DevNull)
	}
	if isTerminal(strings.NewReader("y\n")) {
		t.Error("isTerminal(strings.Reader) = true")
	}
}
