package query

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestForEachPair(t *testing.T) {
	var got [][2]string
	ForEachPair("a=1&&b=x+y&c=%zz&d&e=%2Fz&a=2", func(k, v string) bool {
		got = append(got, [2]string{k, v})
		return true
	})
	want := [][2]string{{"a", "1"}, {"b", "x y"}, {"c", "%zz"}, {"d", ""}, {"e", "/z"}, {"a", "2"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
	n := 0
	ForEachPair("a=1&b=2&c=3", func(k, v string) bool { n++; return n < 2 })
	if n != 2 {
		t.Errorf("stopping early: %d calls, want 2", n)
	}
}
