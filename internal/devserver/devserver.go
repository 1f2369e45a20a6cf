// Package devserver runs `chalicegen local`: it owns the listening socket,
// builds the app with the chalice_local tag, runs it on that socket, and on
// every source change regenerates, rebuilds and swaps processes. The socket
// never closes, so clients see no gap; a failed build keeps the old process
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
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options configures a dev server.
type Options struct {
	Dir        string // the app package directory (project root)
	Host       string
	Port       int
	Stage      string // api_gateway_stage to show in request contexts
	Autoreload bool
	// Prepare regenerates chalice_gen.go (and validates config); it runs
	// before every build. Its error is printed and keeps the old process.
	Prepare func() error
	// Env returns the environment variables of the stage (re-read on reload).
	Env    func() (map[string]string, error)
	Stdout io.Writer
	Stderr io.Writer
	// Ready, when set, receives the listening address once the first
	// process serves.
	Ready func(addr string)
}

// Run serves until ctx is done.
func Run(ctx context.Context, o Options) error {
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
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
	if err := s.rebuild(true); err != nil {
		return err
	}
	if o.Ready != nil {
		o.Ready(s.addr)
	}
	var changes <-chan struct{}
	if o.Autoreload {
		w, err := watch(ctx, o.Dir)
		if err != nil {
			s.stop()
			return err
		}
		changes = w
	}
	for {
		select {
		case <-ctx.Done():
			s.stop()
			return nil
		case <-changes:
			_ = s.rebuild(false)
		case err := <-s.exited:
			// The app died on its own (a panic at init, say): report and
			// wait for the next change rather than exit the dev loop.
			fmt.Fprintf(o.Stderr, "app process exited: %v; waiting for changes\n", err)
			s.cur = nil
			if !o.Autoreload {
				return fmt.Errorf("app process exited: %w", err)
			}
		}
	}
}

type server struct {
	o      Options
	ln     *os.File
	work   string
	addr   string
	n      int
	cur    *exec.Cmd
	exited chan error
	mu     sync.Mutex
}

func (s *server) rebuild(first bool) error {
	if s.o.Prepare != nil {
		if err := s.o.Prepare(); err != nil {
			fmt.Fprintln(s.o.Stderr, strings.TrimRight(err.Error(), "\n"))
			if first {
				return errShown{err}
			}
			fmt.Fprintln(s.o.Stderr, "The previous version keeps serving until this is fixed.")
			return err
		}
	}
	s.n++
	bin := filepath.Join(s.work, fmt.Sprintf("app-%d", s.n))
	cmd := exec.Command("go", "build", "-tags", "chalice_local", "-o", bin, ".")
	cmd.Dir = s.o.Dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		fmt.Fprint(s.o.Stderr, string(out))
		if first {
			return errShown{fmt.Errorf("build failed")}
		}
		fmt.Fprintln(s.o.Stderr, "Build failed; the previous version keeps serving until this is fixed.")
		return err
	}
	env := os.Environ()
	if s.o.Env != nil {
		vars, err := s.o.Env()
		if err != nil {
			fmt.Fprintln(s.o.Stderr, err)
			if first {
				return errShown{err}
			}
			return err
		}
		for k, v := range vars {
			env = append(env, k+"="+v)
		}
	}
	env = append(env, "CHALICE_LOCAL=1", "CHALICE_LOCAL_FD=3", "CHALICE_LOCAL_STAGE="+s.o.Stage)
	if !first {
		env = append(env, "CHALICE_LOCAL_BANNER=0")
	}
	next := exec.Command(bin)
	next.Dir = s.o.Dir
	next.Env = env
	next.ExtraFiles = []*os.File{s.ln}
	next.Stdout, next.Stderr = s.o.Stdout, s.o.Stderr
	if err := next.Start(); err != nil {
		return err
	}
	old := s.cur
	s.cur = next
	exited := make(chan error, 1)
	go func() { exited <- next.Wait() }()
	oldExited := s.exited
	s.exited = exited
	if old != nil {
		// Both processes accept on the shared socket for a moment; the old
		// one then finishes its in-flight requests and exits.
		time.Sleep(50 * time.Millisecond)
		_ = old.Process.Signal(syscall.SIGTERM)
		select {
		case <-oldExited:
		case <-time.After(6 * time.Second):
			_ = old.Process.Kill()
		}
		fmt.Fprintln(s.o.Stdout, "Restarted with the new build.")
	}
	return nil
}

func (s *server) stop() {
	if s.cur == nil {
		return
	}
	_ = s.cur.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(6 * time.Second):
		_ = s.cur.Process.Kill()
	}
}

// errShown marks an error already printed to the user.
type errShown struct{ error }

// Shown reports whether err was already printed.
func Shown(err error) bool {
	var e errShown
	return errors.As(err, &e)
}

// watch reports (debounced) changes to .go files, go.mod and
// .chalice/config.json anywhere under dir, ignoring generated files.
func watch(ctx context.Context, dir string) (<-chan struct{}, error) {
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
	out := make(chan struct{}, 1)
	go func() {
		defer w.Close()
		var timer <-chan time.Time
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
					timer = time.After(150 * time.Millisecond)
				}
			case <-w.Errors:
			case <-timer:
				timer = nil
				select {
				case out <- struct{}{}:
				default:
				}
			}
		}
	}()
	return out, nil
}

func relevant(path string) bool {
	base := filepath.Base(path)
	switch {
	case base == "chalice_gen.go" || strings.HasPrefix(base, ".#"):
		return false
	case strings.HasSuffix(base, ".go"), base == "go.mod", base == "go.sum":
		return true
	case base == "config.json" && filepath.Base(filepath.Dir(path)) == ".chalice":
		return true
	}
	return false
}
