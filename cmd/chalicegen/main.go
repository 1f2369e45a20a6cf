// Command chalicegen is the Chalice for Go CLI. Run bare (as `go generate`
// does through `//go:generate go tool chalicegen`), it writes chalice_gen.go for the
// app package in the current directory; its subcommands are the spec's
// `chalice` commands. See docs/cli.md.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit statuses; docs/cli.md lists them.
const (
	exitOK       = 0
	exitFailure  = 1  // the command failed: bad annotations, AWS errors, ...
	exitUsage    = 2  // bad flags, unknown command, wrong arguments
	exitInternal = 70 // a bug in chalicegen (EX_SOFTWARE)
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the CLI and returns the exit status; tests call it directly.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	// Last resort only: a panic is a chalicegen bug, and users should see a
	// one-line report rather than a goroutine dump.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "chalicegen: internal error: %v\n", r)
			fmt.Fprintln(stderr, "chalicegen: this is a bug; rerun with --debug and report it")
			code = exitInternal
		}
	}()
	env := newEnv(stdin, stdout, stderr)
	return env.execute(args)
}
