//go:build !linux

package devserver

import "os/exec"

func setParentDeath(*exec.Cmd) {}
