// Package types has the same name as example.com/bp/types on purpose.
package types

type Patch struct {
	Name *string `json:"name,omitempty"`
}
