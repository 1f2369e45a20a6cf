//go:build unix

package runtime

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used (all threads, user+system).
// Benchmarks report it per op next to wall time: on a shared, loaded
// machine wall time also counts the time spent waiting for a CPU.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
