package packaging

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// checkZip asserts the deployment-package invariants and returns the
// bootstrap bytes.
func checkZip(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if len(zr.File) != 1 || names[0] != EntryName {
		t.Fatalf("zip holds %q, want only %q", names, EntryName)
	}
	f := zr.File[0]
	if f.Mode() != 0o755 || !f.Mode().IsRegular() {
		t.Errorf("mode %v, want -rwxr-xr-x", f.Mode())
	}
	if f.CreatorVersion>>8 != 3 || f.ExternalAttrs>>16 != 0o100755 {
		t.Errorf("creator %#x, external attrs %#o: want Unix and S_IFREG|0755", f.CreatorVersion, f.ExternalAttrs>>16)
	}
	if y, m, d := f.Modified.Date(); y != 1980 || m != time.January || d != 1 || f.Modified.Hour() != 0 {
		t.Errorf("modified %v, want 1980-01-01 00:00", f.Modified)
	}
	if len(f.Extra) != 0 || f.Flags&0x8 != 0 || zr.Comment != "" {
		t.Errorf("extra %x, flags %#x, comment %q: want none", f.Extra, f.Flags, zr.Comment)
	}
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc) // also checks the CRC
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWriteZip(t *testing.T) {
	random := make([]byte, 4096)
	_, _ = rand.Read(random)
	for name, bin := range map[string][]byte{
		"compressible":   bytes.Repeat([]byte("\x7fELF bootstrap "), 5000),
		"incompressible": random, // falls back to Store
	} {
		t.Run(name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := WriteZip(&a, bin); err != nil {
				t.Fatal(err)
			}
			if err := WriteZip(&b, bin); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("same bootstrap, different zips")
			}
			if got := checkZip(t, a.Bytes()); !bytes.Equal(got, bin) {
				t.Fatal("bootstrap does not round-trip")
			}
		})
	}
}

func TestSizeLimits(t *testing.T) {
	if err := CheckSize(MaxZipSize, MaxUnzippedSize); err != nil {
		t.Fatalf("at the limits: %v", err)
	}
	err := CheckSize(MaxZipSize+1, 1)
	var se *SizeError
	if !errors.As(err, &se) || !se.Zipped || !strings.Contains(err.Error(), "50 MB") || !strings.Contains(err.Error(), "52428801 bytes") {
		t.Fatalf("zipped over: %v", err)
	}

	// A sparse 251 MB "binary": refused before it is read or zipped.
	dir := t.TempDir()
	bin := filepath.Join(dir, "bootstrap")
	f, err := os.Create(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(251 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	zipPath := filepath.Join(dir, "out.zip")
	_, err = Zip(bin, zipPath)
	if !errors.As(err, &se) || se.Zipped || se.Size != 251<<20 ||
		!strings.Contains(err.Error(), "250 MB") || !strings.Contains(err.Error(), "263192576 bytes") {
		t.Fatalf("unzipped over: %v", err)
	}
	if _, err := os.Stat(zipPath); !os.IsNotExist(err) {
		t.Fatalf("a refused package left a zip behind: %v", err)
	}
}

func TestFlags(t *testing.T) {
	for _, c := range []struct{ arch, goarch string }{{"", "arm64"}, {"arm64", "arm64"}, {"x86_64", "amd64"}} {
		if got, err := GOARCH(c.arch); err != nil || got != c.goarch {
			t.Errorf("GOARCH(%q) = %q, %v", c.arch, got, err)
		}
	}
	if _, err := GOARCH("amd64"); err == nil || !strings.Contains(err.Error(), `"x86_64"`) {
		t.Errorf("GOARCH(amd64): %v", err)
	}
	for goflags, want := range map[string][2]string{
		"":                   {BuildTag, LinkerFlags},
		"-buildvcs=false":    {BuildTag, LinkerFlags},
		"-mod=mod -tags=a,b": {"a,b," + BuildTag, LinkerFlags},
		`--tags=lambda.norpc "-ldflags=-X main.v=1"`: {BuildTag, "-X main.v=1 " + LinkerFlags},
	} {
		tags, ld := mergeFlags(goflags)
		if tags != want[0] || ld != want[1] {
			t.Errorf("mergeFlags(%q) = %q, %q; want %q", goflags, tags, ld, want)
		}
	}
}
