// Package main does not type-check: Infer must say so, not panic.
package main

import "context"

func Handler(ctx context.Context) error {
	return undefinedHelper(ctx)
}

func main() {}
