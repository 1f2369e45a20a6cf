package benchmarks

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chalice-go/chalice/deploy/packaging"
)

// The hello apps whose Lambda bootstrap sizes are compared: the quick start
// app (examples/hello), and the same app written directly against
// aws-lambda-go, bare and as the benchmarks' baseline stack (chi behind
// aws-lambda-go-api-proxy).
var helloApps = []struct{ name, dir string }{
	{"chalice", filepath.Join("..", "examples", "hello")},
	{"aws-lambda-go", filepath.Join("internal", "awshello")},
	{"aws-lambda-go+api-proxy+chi", filepath.Join("internal", "chihello")},
}

type bootstrapSize struct {
	binary, zip int64
	err         error
}

var (
	bootstrapOnce  sync.Map // app name → func() bootstrapSize
	bootstrapSizes sync.Map // app name → bootstrapSize, for the summary
)

// buildHello packages one hello app for arm64 as `chalicegen package`
// does (deploy/packaging: GOOS=linux GOARCH=arm64 CGO_ENABLED=0 -trimpath
// -tags lambda.norpc -ldflags "-s -w -buildid="), once per test process.
func buildHello(tb testing.TB, name, dir string) bootstrapSize {
	f, _ := bootstrapOnce.LoadOrStore(name, sync.OnceValue(func() bootstrapSize {
		tmp := tb.TempDir()
		art, err := packaging.Package(context.Background(), packaging.Options{
			BuildOptions: packaging.BuildOptions{Dir: dir, Arch: packaging.ArchARM64, Out: filepath.Join(tmp, "bootstrap")},
			ZipPath:      filepath.Join(tmp, "deployment.zip"),
		})
		if err != nil {
			return bootstrapSize{err: err}
		}
		return bootstrapSize{binary: art.BinarySize, zip: art.ZipSize}
	}))
	return f.(func() bootstrapSize)()
}

// BenchmarkHelloBootstrapSize builds each hello app's stripped arm64
// bootstrap and reports its size ("bytes") and its deployment zip's
// ("zip-bytes"). The build runs once; the time per op is meaningless.
//
//	go test -run '^$' -bench HelloBootstrapSize -benchtime 1x
func BenchmarkHelloBootstrapSize(b *testing.B) {
	for _, app := range helloApps {
		b.Run(app.name, func(b *testing.B) {
			sz := buildHello(b, app.name, app.dir)
			if sz.err != nil {
				b.Fatal(sz.err)
			}
			for b.Loop() {
			}
			b.ReportMetric(float64(sz.binary), "bytes")
			b.ReportMetric(float64(sz.zip), "zip-bytes")
			bootstrapSizes.Store(app.name, sz)
		})
	}
}

// bootstrapSummary is the size table, when BenchmarkHelloBootstrapSize ran.
func bootstrapSummary() string {
	var sb strings.Builder
	base, ok := bootstrapSizes.Load("chalice")
	if !ok {
		return ""
	}
	ours := base.(bootstrapSize)
	fmt.Fprintf(&sb, "\nhello app, stripped linux/arm64 bootstrap (-tags lambda.norpc, -s -w)\n")
	for _, app := range helloApps {
		v, ok := bootstrapSizes.Load(app.name)
		if !ok {
			continue
		}
		sz := v.(bootstrapSize)
		fmt.Fprintf(&sb, "%-28s %9d bytes (%.2f MiB), zip %8d bytes, %.2fx chalice\n", app.name,
			sz.binary, float64(sz.binary)/(1<<20), sz.zip, float64(sz.binary)/float64(ours.binary))
	}
	return sb.String()
}
