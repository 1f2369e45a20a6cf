package packaging

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"debug/elf"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Lambda's deployment package limits, in the bytes Lambda counts.
const (
	MaxZipSize      = 50 << 20  // 52,428,800: a zip uploaded directly
	MaxUnzippedSize = 250 << 20 // 262,144,000: the unpacked code
)

// EntryName is the one file in every deployment package.
const EntryName = "bootstrap"

// The fixed facts of the zip entry. The time is the MS-DOS epoch,
// 1980-01-01 00:00:00, the earliest a zip can hold, written without an
// extended-timestamp field.
const (
	dosDate1980 = 1<<5 | 1 // year 0 (1980), month 1, day 1
	dosTime0    = 0
	// CompressionLevel is compress/flate's default (6): within 0.3% of level
	// 9 on Go binaries at a third of the time. The same Go toolchain gives
	// the same bytes.
	CompressionLevel = flate.DefaultCompression
)

// SizeError says which Lambda limit a package breaks, and by how much.
type SizeError struct {
	Zipped bool  // the 50 MB zipped limit; else the 250 MB unzipped one
	Size   int64 // actual bytes
	Limit  int64 // the limit in bytes
}

func (e *SizeError) Error() string {
	what, limit := "unzipped code", "250 MB"
	if e.Zipped {
		what, limit = "zipped package", "50 MB"
	}
	return fmt.Sprintf("deployment package too large: the %s is %.1f MB (%d bytes); Lambda's limit for the %s is %s (%d bytes)",
		what, float64(e.Size)/(1<<20), e.Size, what, limit, e.Limit)
}

// CheckSize returns a *SizeError when a package of these sizes would be
// refused by Lambda.
func CheckSize(zipped, unzipped int64) error {
	if unzipped > MaxUnzippedSize {
		return &SizeError{Size: unzipped, Limit: MaxUnzippedSize}
	}
	if zipped > MaxZipSize {
		return &SizeError{Zipped: true, Size: zipped, Limit: MaxZipSize}
	}
	return nil
}

// CodeSHA256 is the zip's digest as Lambda reports it in CodeSha256
// (base64 of the SHA-256), for comparing with a deployed function.
func (a *Artifact) CodeSHA256() string {
	sum, err := hex.DecodeString(a.SHA256)
	if err != nil {
		return ""
	}
	return base64.StdEncoding.EncodeToString(sum)
}

// WriteZip writes a deployment package holding bootstrap, and only it, to
// w: one entry named "bootstrap", a regular file with Unix mode 0755 made
// on Unix (so Lambda sees it executable), dated 1980-01-01 00:00:00, no
// extra fields, deflated (or stored when deflate would not shrink it). The
// same bootstrap always gives the same bytes.
func WriteZip(w io.Writer, bootstrap []byte) error {
	var deflated bytes.Buffer
	fw, err := flate.NewWriter(&deflated, CompressionLevel)
	if err != nil {
		return err
	}
	if _, err := fw.Write(bootstrap); err != nil {
		return err
	}
	if err := fw.Close(); err != nil {
		return err
	}
	method, data := zip.Deflate, deflated.Bytes()
	if len(data) >= len(bootstrap) {
		method, data = zip.Store, bootstrap
	}

	fh := &zip.FileHeader{
		Name:               EntryName,
		Method:             method,
		CRC32:              crc32.ChecksumIEEE(bootstrap),
		CompressedSize64:   uint64(len(data)),
		UncompressedSize64: uint64(len(bootstrap)),
		// CreateRaw writes the MS-DOS fields as given; Modified would only
		// be used by CreateHeader, which adds a data descriptor.
		ModifiedDate: dosDate1980,
		ModifiedTime: dosTime0,
	}
	fh.SetMode(0o755)       // external attributes: S_IFREG|0755 << 16; creator: Unix
	fh.CreatorVersion |= 20 // made by: Unix, zip 2.0
	fh.ReaderVersion = 20   // needed to extract: 2.0 (deflate)
	zw := zip.NewWriter(w)
	ew, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	if _, err := ew.Write(data); err != nil {
		return err
	}
	return zw.Close()
}

// Zip writes the deployment package for the bootstrap at binPath to
// zipPath, atomically (a temporary file in the same directory, renamed into
// place), after checking Lambda's size limits. It returns the zip's SHA-256
// so a deployer can skip code that has not changed.
func Zip(binPath, zipPath string) (*Artifact, error) {
	fi, err := os.Stat(binPath)
	if err != nil {
		return nil, fmt.Errorf("packaging: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("packaging: %s is not a regular file", binPath)
	}
	if err := CheckSize(0, fi.Size()); err != nil {
		return nil, err
	}
	bin, err := os.ReadFile(binPath)
	if err != nil {
		return nil, fmt.Errorf("packaging: %w", err)
	}
	var buf bytes.Buffer
	if err := WriteZip(&buf, bin); err != nil {
		return nil, fmt.Errorf("packaging: writing zip: %w", err)
	}
	if err := CheckSize(int64(buf.Len()), int64(len(bin))); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(buf.Bytes())
	if err := writeFileAtomic(zipPath, buf.Bytes(), 0o644); err != nil {
		return nil, fmt.Errorf("packaging: %w", err)
	}
	art := &Artifact{
		BinaryPath: binPath,
		BinarySize: int64(len(bin)),
		ZipPath:    zipPath,
		ZipSize:    int64(buf.Len()),
		SHA256:     hex.EncodeToString(sum[:]),
	}
	art.Arch, art.GOARCH = archOf(bin)
	return art, nil
}

// archOf names the architecture an ELF binary is built for, or "" "".
func archOf(bin []byte) (arch, goarch string) {
	f, err := elf.NewFile(bytes.NewReader(bin))
	if err != nil {
		return "", ""
	}
	switch f.Machine {
	case elf.EM_AARCH64:
		return ArchARM64, "arm64"
	case elf.EM_X86_64:
		return ArchX86_64, "amd64"
	}
	return "", ""
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory, so readers see the old file or the new one, never a part.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(perm); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
