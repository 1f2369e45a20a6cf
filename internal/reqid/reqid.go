// Package reqid makes Lambda request ids: random (version 4) UUIDs, as
// AWS Lambda gives each invocation. The Runtime API emulator and the local
// dev server's emulated LambdaContext both use it.
package reqid

import (
	"crypto/rand"
	"encoding/hex"
)

// New returns a fresh random UUID in its canonical 8-4-4-4-12 form.
func New() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
