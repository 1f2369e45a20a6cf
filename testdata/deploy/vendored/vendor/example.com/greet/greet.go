// Package greet exists only in vendor/: the fixture builds only when the Go
// toolchain uses the vendor directory.
package greet

// Hello returns the greeting.
func Hello() string { return "hello from vendor" }
