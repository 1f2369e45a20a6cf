// Package devserver runs `chalicegen local`: it owns the listening socket,
// builds the app with the chalice_local tag, runs it on that socket, and on
// every source change regenerates, rebuilds and swaps processes. The socket
// never closes, so clients see no gap (connections wait in the listen
// backlog while processes change); a failed build keeps the old process
// serving.
package devserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options configures a dev server.
type Options struct {
	Dir        string // the app package directory (project root)
	Host       string
	Port       int // 0 picks a free port; Ready receives the real address
	Stage      string
	Autoreload bool
	// Prepare regenerates chalice_gen.go (and validates config); it runs
	// before every build. Its error is printed and keeps the old process.
	Prepare func() error
	// Env returns the environment variables of the stage (re-read on
	// reload), added to this process's environment for the app.
	Env    func() (map[string]string, error)
	Stdout io.Writer
	Stderr io.Writer
	// Ready, when set, receives the listening address once the first
	// process runs (connections made from then on are served).
	Ready func(addr string)
	// StartGrace is how long a new process must stay up before it replaces
	// the old one (default 300ms): one that exits at once leaves the old
	// one serving.
	StartGrace time.Duration
}

// Run serves until ctx is done.
func Run(ctx context.Context, o Options) error {
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	if o.StartGrace == 0 {
		o.StartGrace = 300 * time.Millisecond
	}
	addr := net.JoinHostPort(o.Host, strconv.Itoa(o.Port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	defer ln.Close()
	lnFile, err := ln.(*net.TCPListener).File()
	if err != nil {
		return err
	}
	defer lnFile.Close()

	work, err := os.MkdirTemp("", "chalicegen-local-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	s := &server{o: o, ln: lnFile, work: work, addr: ln.Addr().String()}
	defer s.stop()
	if err := s.rebuild(ctx, true); err != nil {
		if ctx.Err() != nil {
			return nil // interrupted while building
		}
		return err
	}
	if o.Ready != nil {
		o.Ready(s.addr)
	}
	var changes <-chan []string
	if o.Autoreload {
		w, err := watch(ctx, o.Dir)
		if err != nil {
			return err
		}
		changes = w
	}
	for {
		var exited <-chan error
		if s.cur != nil {
			exited = s.cur.exited
		}
		select {
		case <-ctx.Done():
			return nil
		case names := <-changes:
			fmt.Fprintf(o.Stdout, "Change detected (%s), rebuilding...\n", strings.Join(names, ", "))
			_ = s.rebuild(ctx, false)
		case err := <-exited:
			// The app died on its own (a panic at init, say): report and
			// wait for the next change rather than exit the dev loop.
			s.cur = nil
			if !o.Autoreload {
				return fmt.Errorf("app process exited: %v", err)
			}
			fmt.Fprintf(o.Stderr, "app process exited: %v; waiting for changes\n", err)
		}
	}
}

type server struct {
	o    Options
	ln   *os.File
	work string
	addr string
	n    int
	cur  *proc
}

// proc is one running app process.
type proc struct {
	cmd    *exec.Cmd
	exited chan error // receives Wait's result once
}

func (s *server) rebuild(ctx context.Context, first bool) error {
	fail := func(err error, msg string) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if first {
			return errShown{err}
		}
		fmt.Fprintln(s.o.Stderr, msg)
		return err
	}
	if s.o.Prepare != nil {
		if err := s.o.Prepare(); err != nil {
			fmt.Fprintln(s.o.Stderr, strings.TrimRight(err.Error(), "\n"))
			return fail(err, "The previous version keeps serving until this is fixed.")
		}
	}
	s.n++
	bin := filepath.Join(s.work, fmt.Sprintf("app-%d", s.n))
	cmd := exec.CommandContext(ctx, "go", "build", "-tags", "chalice_local", "-o", bin, ".")
	cmd.Dir = s.o.Dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		fmt.Fprint(s.o.Stderr, string(out))
		return fail(errors.New("build failed"), "Build failed; the previous version keeps serving until this is fixed.")
	}
	env := os.Environ()
	if s.o.Env != nil {
		vars, err := s.o.Env()
		if err != nil {
			fmt.Fprintln(s.o.Stderr, err)
			return fail(err, "The previous version keeps serving until this is fixed.")
		}
		keys := make([]string, 0, len(vars))
		for k := range vars {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			env = append(env, k+"="+vars[k])
		}
	}
	env = append(env, "CHALICE_LOCAL=1", "CHALICE_LOCAL_FD=3")
	if s.o.Stage != "" {
		env = append(env, "CHALICE_LOCAL_STAGE="+s.o.Stage)
	}
	if !first {
		env = append(env, "CHALICE_LOCAL_BANNER=0")
	}
	next := exec.Command(bin)
	next.Dir = s.o.Dir
	next.Env = env
	next.ExtraFiles = []*os.File{s.ln}
	next.Stdout, next.Stderr = s.o.Stdout, s.o.Stderr
	setParentDeath(next)
	if err := next.Start(); err != nil {
		return fail(err, "The previous version keeps serving.")
	}
	p := &proc{cmd: next, exited: make(chan error, 1)}
	go func() { p.exited <- next.Wait() }()
	if s.cur != nil {
		// Let the new process prove it starts before retiring the old one;
		// meanwhile both accept on the shared socket.
		select {
		case err := <-p.exited:
			fmt.Fprintf(s.o.Stderr, "The new build exited at start (%v); the previous version keeps serving.\n", err)
			return errors.New("new build exited at start")
		case <-time.After(s.o.StartGrace):
		case <-ctx.Done():
			p.terminate()
			return ctx.Err()
		}
		s.cur.terminate()
		fmt.Fprintln(s.o.Stdout, "Restarted with the new build.")
	}
	s.cur = p
	return nil
}

// terminate asks the process to finish its in-flight requests and exit,
// and kills it if it has not within 6 seconds.
func (p *proc) terminate() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(6 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

func (s *server) stop() {
	if s.cur != nil {
		s.cur.terminate()
		s.cur = nil
	}
}

// errShown marks an error already printed to the user.
type errShown struct{ error }

// Shown reports whether err was already printed.
func Shown(err error) bool {
	var e errShown
	return errors.As(err, &e)
}

// debounce is how long the watcher waits for a burst of changes (an
// editor's save, a git checkout) to settle.
const debounce = 150 * time.Millisecond

// watch reports (debounced) changes to .go files, go.mod, go.sum and
// .chalice/config.json anywhere under dir, ignoring generated and test
// files. Each report lists the changed files, relative to dir.
func watch(ctx context.Context, dir string) (<-chan []string, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	add := func(root string) {
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return nil
			}
			name := d.Name()
			if p != root && (strings.HasPrefix(name, ".") && name != ".chalice" || name == "vendor" || name == "node_modules" || name == "testdata") {
				return filepath.SkipDir
			}
			_ = w.Add(p)
			return nil
		})
	}
	add(dir)
	out := make(chan []string, 1)
	go func() {
		defer w.Close()
		var timer <-chan time.Time
		var names []string
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if ev.Op&fsnotify.Create != 0 {
					if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
						add(ev.Name)
					}
				}
				if relevant(ev.Name) {
					rel, err := filepath.Rel(dir, ev.Name)
					if err != nil {
						rel = ev.Name
					}
					if !contains(names, rel) {
						names = append(names, rel)
					}
					timer = time.After(debounce)
				}
			case <-w.Errors:
			case <-timer:
				timer = nil
				select {
				case out <- names:
				default:
					// A rebuild is still pending: it will see these too.
				}
				names = nil
			}
		}
	}()
	return out, nil
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func relevant(path string) bool {
	base := filepath.Base(path)
	switch {
	case base == "chalice_gen.go" || strings.HasPrefix(base, ".#") || strings.HasSuffix(base, "_test.go"):
		return false
	case strings.HasSuffix(base, ".go"), base == "go.mod", base == "go.sum":
		return true
	case base == "config.json" && filepath.Base(filepath.Dir(path)) == ".chalice":
		return true
	}
	return false
}
