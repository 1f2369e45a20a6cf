package packaging

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkPackageColdWarm packages the hello fixture for Lambda's default
// architecture (arm64) twice per iteration: cold, with a fresh empty
// GOCACHE, then warm, with the cache the cold run filled. It reports both
// times, their ratio, and the zip and bootstrap sizes.
//
//	go test -run '^$' -bench PackageColdWarm -benchtime 1x ./deploy/packaging
func BenchmarkPackageColdWarm(b *testing.B) {
	var cold, warm time.Duration
	var art *Artifact
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		src := copyDir(b, filepath.Join(fixtures, "hello"))
		cache := filepath.Join(dir, "gocache")
		opts := Options{
			BuildOptions: BuildOptions{Dir: src, Env: setEnv(os.Environ(), "GOCACHE", cache)},
			ZipPath:      filepath.Join(dir, "deployment.zip"),
		}
		b.StartTimer()

		t0 := time.Now()
		first, err := Package(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		a, err := Package(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		// The warm rebuild must give the same bytes the cold one did.
		if first.SHA256 != a.SHA256 {
			b.Fatalf("cold and warm zips differ: %s vs %s", first.SHA256, a.SHA256)
		}
		cold += t1.Sub(t0)
		warm += time.Since(t1)
		art = a
	}
	n := float64(b.N)
	coldS, warmS := cold.Seconds()/n, warm.Seconds()/n
	b.ReportMetric(coldS, "cold-s")
	b.ReportMetric(warmS, "warm-s")
	b.ReportMetric(coldS/warmS, "cold/warm")
	b.ReportMetric(float64(art.ZipSize), "zip-bytes")
	b.ReportMetric(float64(art.BinarySize), "bootstrap-bytes")
	b.ReportMetric(float64(art.ZipSize)/float64(art.BinarySize), "zip/bootstrap")
	b.Logf("arm64: cold %.2fs, warm %.2fs, cold/warm %.1fx; cold and warm zips byte-identical; zip %d bytes, bootstrap %d bytes, zip/bootstrap %.3f",
		coldS, warmS, coldS/warmS, art.ZipSize, art.BinarySize, float64(art.ZipSize)/float64(art.BinarySize))
}

// BenchmarkWriteZip measures zipping alone, on the hello fixture's x86_64
// bootstrap.
func BenchmarkWriteZip(b *testing.B) {
	dir := b.TempDir()
	src := copyDir(b, filepath.Join(fixtures, "hello"))
	built, err := Build(context.Background(), BuildOptions{Dir: src, Arch: ArchX86_64, Out: filepath.Join(dir, "bootstrap")})
	if err != nil {
		b.Fatal(err)
	}
	bin, err := os.ReadFile(built.BinaryPath)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.SetBytes(int64(len(bin)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		if err := WriteZip(&buf, bin); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "zip-bytes")
	b.ReportMetric(float64(len(bin)), "bootstrap-bytes")
	b.ReportMetric(float64(buf.Len())/float64(len(bin)), "zip/bootstrap")
}
