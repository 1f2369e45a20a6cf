package reqid

import (
	"regexp"
	"testing"
)

func TestNew(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		id := New()
		if !uuid.MatchString(id) || seen[id] {
			t.Fatalf("New() = %q: not a fresh version 4 UUID", id)
		}
		seen[id] = true
	}
}
