// Package textdist measures how far apart two short names are, for the
// "did you mean" hints of the directive parser and the config loader.
package textdist

// Distance is the Levenshtein distance between a and b. Inputs longer than
// 64 bytes get a huge distance: a long word is never a typo of a short name,
// and the bound keeps hostile input cheap.
func Distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 20
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
