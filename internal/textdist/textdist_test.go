package textdist

import (
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"name", "name", 0}, {"nmae", "name", 2}, {"nam", "name", 1},
		{"cors", "corz", 1}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{strings.Repeat("a", 65), "a", 1 << 20},
	} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
