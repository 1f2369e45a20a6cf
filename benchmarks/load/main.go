// Command load measures `chalicegen local` under HTTP load, next to a bare
// net/http server writing the same bytes (the ceiling), in the same run.
//
//	cd benchmarks && go run ./load [-duration 3s] [-conns 1,16]
//
// It builds chalicegen from this checkout, writes a two-route app (GET /
// answering {"hello":"world"}, POST /echo decoding a JSON body into a struct
// and answering it) into a throwaway module, serves it with `chalicegen
// local` (access log on, to /dev/null), and starts the bare server as a
// second process. The load generator is closed-loop: N keep-alive
// connections, each sending its next request when the previous answer has
// been read, over raw HTTP/1.1 (less client overhead than net/http's
// client, which shares the CPUs with the servers). Every response is
// checked. It prints requests per second, p50 and p99 latency, and the
// ratio to the bare server.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

const appSource = `package main

//chalice:route GET /
func index() map[string]string { return map[string]string{"hello": "world"} }

// Item is the JSON body /echo decodes and answers.
type Item struct {
	Name string   ` + "`json:\"name\"`" + `
	Qty  int      ` + "`json:\"qty\"`" + `
	Tags []string ` + "`json:\"tags\"`" + `
}

//chalice:route POST /echo
func echo(it Item) Item { return it }
`

const (
	helloBody = `{"hello":"world"}`
	echoBody  = `{"name":"widget","qty":3,"tags":["red","blue"]}`
)

// request is one benchmark case's request and expected answer.
type request struct {
	name string
	raw  []byte
	want []byte // body
}

func requests() []request {
	return []request{
		{"GET / (hello)", []byte("GET / HTTP/1.1\r\nHost: bench\r\nUser-Agent: load\r\nAccept: */*\r\n\r\n"), []byte(helloBody)},
		{"POST /echo (JSON)", []byte("POST /echo HTTP/1.1\r\nHost: bench\r\nUser-Agent: load\r\nAccept: */*\r\nContent-Type: application/json\r\nContent-Length: " +
			strconv.Itoa(len(echoBody)) + "\r\n\r\n" + echoBody), []byte(echoBody)},
	}
}

func main() {
	if os.Getenv("LOAD_BARE") == "1" {
		bare()
		return
	}
	duration := flag.Duration("duration", 3*time.Second, "measuring time per case")
	warmup := flag.Duration("warmup", 500*time.Millisecond, "warm-up time per case (not measured)")
	connList := flag.String("conns", "1,16", "connection counts")
	target := flag.String("target", "", "only load this running server (host:port), for profiling")
	useWrk := flag.Bool("wrk", false, "also measure with wrk (if installed), as a cross-check of this load generator")
	flag.Parse()
	withWrk = *useWrk
	if *target != "" {
		if err := loadOnly(*target, *duration, *connList); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*duration, *warmup, *connList); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// bare is the ceiling: net/http writing the same bytes, nothing else.
func bare() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr().String())
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(helloBody)))
		_, _ = io.WriteString(w, helloBody)
	})
	mux.HandleFunc("POST /echo", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		_, _ = w.Write(b)
	})
	_ = http.Serve(ln, mux)
}

func parseConns(connList string) ([]int, error) {
	var conns []int
	for _, s := range strings.Split(connList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-conns %q: want positive integers", connList)
		}
		conns = append(conns, n)
	}
	return conns, nil
}

func loadOnly(addr string, duration time.Duration, connList string) error {
	conns, err := parseConns(connList)
	if err != nil {
		return err
	}
	for _, n := range conns {
		for _, rq := range requests() {
			r, err := load(addr, rq, n, duration)
			if err != nil {
				return fmt.Errorf("%s: %v", rq.name, err)
			}
			fmt.Printf("%-20s %6d %10.0f %9v %9v\n", rq.name, n, r.rate, r.p50.Round(time.Microsecond), r.p99.Round(time.Microsecond))
		}
	}
	return nil
}

func run(duration, warmup time.Duration, connList string) error {
	conns, err := parseConns(connList)
	if err != nil {
		return err
	}
	root, err := checkoutRoot()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "chalice-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	fmt.Println("building chalicegen and the app...")
	chalicegen := filepath.Join(work, "chalicegen")
	build := exec.Command("go", "build", "-o", chalicegen, "./cmd/chalicegen")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building chalicegen: %v\n%s", err, out)
	}
	app := filepath.Join(work, "app")
	if err := writeApp(app, root); err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer devnull.Close()

	ready := filepath.Join(work, "ready")
	local := exec.CommandContext(ctx, chalicegen, "local", "--project-dir", app, "--port", "0", "--ready-file", ready, "--no-autoreload")
	local.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off", "GOWORK=off")
	local.Stdout = devnull // the access log is on, as for a user; its lines go nowhere
	var localErr bytes.Buffer
	local.Stderr = &localErr
	local.Cancel = func() error { return local.Process.Signal(os.Interrupt) }
	local.WaitDelay = 10 * time.Second
	if err := local.Start(); err != nil {
		return err
	}
	defer func() { cancel(); _ = local.Wait() }()
	localAddr, err := waitReady(ready, 120*time.Second)
	if err != nil {
		return fmt.Errorf("%v\n%s", err, localErr.String())
	}

	self, err := os.Executable()
	if err != nil {
		return err
	}
	bareCmd := exec.CommandContext(ctx, self)
	bareCmd.Env = append(os.Environ(), "LOAD_BARE=1")
	bareOut, err := bareCmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := bareCmd.Start(); err != nil {
		return err
	}
	defer func() { cancel(); _ = bareCmd.Wait() }()
	line, err := bufio.NewReader(bareOut).ReadString('\n')
	if err != nil {
		return fmt.Errorf("bare server: %v", err)
	}
	bareAddr := strings.TrimSpace(line)

	fmt.Printf("%d s per case after %v warm-up; GOMAXPROCS=%s; load generator, both servers on this machine\n\n",
		int(duration.Seconds()), warmup, orDefault(os.Getenv("GOMAXPROCS"), "default"))
	fmt.Printf("%-20s %-6s %6s %10s %9s %9s %8s\n", "request", "server", "conns", "req/s", "p50", "p99", "vs bare")
	type key struct {
		req   string
		conns int
	}
	results := map[key]result{}
	var target []string
	for _, n := range conns {
		for _, rq := range requests() {
			var bareRate float64
			for _, srv := range []struct{ name, addr string }{{"bare", bareAddr}, {"local", localAddr}} {
				if _, err := load(srv.addr, rq, n, warmup); err != nil {
					return fmt.Errorf("%s %s warm-up: %v", srv.name, rq.name, err)
				}
				r, err := load(srv.addr, rq, n, duration)
				if err != nil {
					return fmt.Errorf("%s %s: %v", srv.name, rq.name, err)
				}
				ratio := ""
				if srv.name == "bare" {
					bareRate = r.rate
				} else {
					ratio = fmt.Sprintf("%.0f%%", 100*r.rate/bareRate)
					results[key{rq.name, n}] = r
					if n == 16 {
						ok := r.rate >= 30000 && r.p99 <= 5*time.Millisecond && r.rate >= bareRate/2
						target = append(target, fmt.Sprintf("%s at 16 conns: %.0f req/s, p99 %v, %.0f%% of bare: %s",
							rq.name, r.rate, r.p99.Round(10*time.Microsecond), 100*r.rate/bareRate, map[bool]string{true: "met", false: "MISSED"}[ok]))
					}
				}
				fmt.Printf("%-20s %-6s %6d %10.0f %9v %9v %8s\n", rq.name, srv.name, n, r.rate,
					r.p50.Round(time.Microsecond), r.p99.Round(time.Microsecond), ratio)
			}
		}
	}
	if len(target) > 0 {
		fmt.Println("\ntarget (>= 30,000 req/s at 16 connections, p99 <= 5 ms, >= 50% of bare):")
		for _, s := range target {
			fmt.Println("  " + s)
		}
	}
	if withWrk {
		return wrkCheck(work, duration, conns, bareAddr, localAddr)
	}
	return nil
}

var withWrk bool

// wrkCheck repeats the measurements with wrk (2 threads), when installed.
func wrkCheck(work string, duration time.Duration, conns []int, bareAddr, localAddr string) error {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		fmt.Println("\nwrk not installed; skipping the cross-check")
		return nil
	}
	script := filepath.Join(work, "echo.lua")
	lua := "wrk.method = \"POST\"\nwrk.body = '" + echoBody + "'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
	if err := os.WriteFile(script, []byte(lua), 0o644); err != nil {
		return err
	}
	fmt.Printf("\nwrk cross-check (wrk -t2 -d%ds --latency):\n", int(duration.Seconds()))
	fmt.Printf("%-20s %-6s %6s %10s %9s %9s %8s\n", "request", "server", "conns", "req/s", "p50", "p99", "vs bare")
	for _, n := range conns {
		for _, rq := range []struct{ name, path, script string }{{"GET / (hello)", "/", ""}, {"POST /echo (JSON)", "/echo", script}} {
			var bareRate float64
			for _, srv := range []struct{ name, addr string }{{"bare", bareAddr}, {"local", localAddr}} {
				threads := min(2, n)
				args := []string{"-t" + strconv.Itoa(threads), "-c" + strconv.Itoa(n), "-d" + strconv.Itoa(int(duration.Seconds())) + "s", "--latency"}
				if rq.script != "" {
					args = append(args, "-s", rq.script)
				}
				out, err := exec.Command(wrk, append(args, "http://"+srv.addr+rq.path)...).CombinedOutput()
				if err != nil {
					return fmt.Errorf("wrk: %v\n%s", err, out)
				}
				rate, p50, p99 := parseWrk(string(out))
				ratio := ""
				if srv.name == "bare" {
					bareRate = rate
				} else if bareRate > 0 {
					ratio = fmt.Sprintf("%.0f%%", 100*rate/bareRate)
				}
				fmt.Printf("%-20s %-6s %6d %10.0f %9s %9s %8s\n", rq.name, srv.name, n, rate, p50, p99, ratio)
			}
		}
	}
	return nil
}

// parseWrk picks Requests/sec and the 50% and 99% latencies from wrk's
// --latency output.
func parseWrk(out string) (rate float64, p50, p99 string) {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			rate, _ = strconv.ParseFloat(f[1], 64)
		case len(f) == 2 && f[0] == "50%":
			p50 = f[1]
		case len(f) == 2 && f[0] == "99%":
			p99 = f[1]
		}
	}
	return rate, p50, p99
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// checkoutRoot finds the Chalice for Go checkout above the working
// directory (this program runs from benchmarks/).
func checkoutRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(b, []byte("module github.com/chalice-go/chalice\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run from inside the Chalice for Go checkout (cd benchmarks)")
		}
		dir = parent
	}
}

// writeApp writes the benchmark app as a module using the checkout.
func writeApp(dir, root string) error {
	if err := os.MkdirAll(filepath.Join(dir, ".chalice"), 0o755); err != nil {
		return err
	}
	goMod := "module example.com/loadapp\n\ngo 1.26\n\nrequire github.com/chalice-go/chalice v0.0.0\n\nreplace github.com/chalice-go/chalice => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	for name, content := range map[string][]byte{
		"go.mod":               []byte(goMod),
		"go.sum":               sum,
		"app.go":               []byte(appSource),
		".chalice/config.json": []byte(`{"version": "2.0", "app_name": "loadapp", "stages": {"dev": {"api_gateway_stage": "api"}}}` + "\n"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func waitReady(file string, timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(file); err == nil && len(b) > 0 {
			return string(b), nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "", errors.New("chalicegen local did not start")
}

type result struct {
	rate     float64
	p50, p99 time.Duration
}

// load runs n closed-loop connections sending rq for d.
func load(addr string, rq request, n int, d time.Duration) (result, error) {
	var wg sync.WaitGroup
	lat := make([][]time.Duration, n)
	errs := make([]error, n)
	start := time.Now()
	stop := start.Add(d)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat[i], errs[i] = worker(addr, rq, stop)
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for i := range n {
		if errs[i] != nil {
			return result{}, errs[i]
		}
		all = append(all, lat[i]...)
	}
	if len(all) == 0 {
		return result{}, errors.New("no responses")
	}
	slices.Sort(all)
	return result{
		rate: float64(len(all)) / elapsed.Seconds(),
		p50:  all[len(all)/2],
		p99:  all[len(all)*99/100],
	}, nil
}

// worker sends rq over one keep-alive connection until stop, checking
// every answer, and returns the latencies.
func worker(addr string, rq request, stop time.Time) ([]time.Duration, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	_ = c.SetDeadline(stop.Add(10 * time.Second))
	br := bufio.NewReaderSize(c, 16<<10)
	lat := make([]time.Duration, 0, 1<<16)
	body := make([]byte, 0, 256)
	for {
		t0 := time.Now()
		if !t0.Before(stop) {
			return lat, nil
		}
		if _, err := c.Write(rq.raw); err != nil {
			return nil, err
		}
		status, n, err := readHead(br)
		if err != nil {
			return nil, err
		}
		if cap(body) < n {
			body = make([]byte, n)
		}
		body = body[:n]
		if _, err := io.ReadFull(br, body); err != nil {
			return nil, err
		}
		lat = append(lat, time.Since(t0))
		if status != 200 || !bytes.Equal(body, rq.want) {
			return nil, fmt.Errorf("answer %d %q, want 200 %q", status, body, rq.want)
		}
	}
}

// readHead reads a response head and returns its status and
// Content-Length.
func readHead(br *bufio.Reader) (status, length int, err error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, 0, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, 0, fmt.Errorf("bad status line %q", line)
	}
	status, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, 0, fmt.Errorf("bad status line %q", line)
	}
	length = -1
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return 0, 0, err
		}
		if len(line) <= 2 {
			break
		}
		if len(line) > 16 && (line[0] == 'C' || line[0] == 'c') && bytes.EqualFold(line[:15], []byte("Content-Length:")) {
			length, err = strconv.Atoi(string(bytes.TrimSpace(line[15:])))
			if err != nil {
				return 0, 0, fmt.Errorf("bad Content-Length %q", line)
			}
		}
	}
	if length < 0 {
		return 0, 0, errors.New("response without Content-Length")
	}
	return status, length, nil
}
