package devserver

import (
	"os/exec"
	"syscall"
)

// setParentDeath makes the app process get SIGTERM if chalicegen dies
// without stopping it (kill -9), so no orphan keeps the port.
func setParentDeath(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
