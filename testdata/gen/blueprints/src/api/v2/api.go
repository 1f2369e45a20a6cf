// Package api lives at a /v2 path: its name is not its last path element.
package api

import "strings"

type ID string

func (i *ID) UnmarshalText(b []byte) error {
	*i = ID(strings.ToLower(string(b)))
	return nil
}
