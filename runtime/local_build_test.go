package runtime

import (
	"os/exec"
	"testing"
)

// The local server's files build only with the chalice_local tag, so a
// change elsewhere in the package (a clashing identifier, a changed
// signature) would otherwise go unnoticed until `chalicegen local` fails.
func TestLocalServerBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet; skipped with -short")
	}
	out, err := exec.Command("go", "vet", "-tags", "chalice_local", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go vet -tags chalice_local: %v\n%s", err, out)
	}
}
