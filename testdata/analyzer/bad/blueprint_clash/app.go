// Clashes only visible with the blueprint loaded: chalicegen reports them,
// go vet (one package at a time) cannot.
//
//chalice:blueprint github.com/chalice-go/chalice/testdata/analyzer/bad/blueprint_clash/items url_prefix=/v1
package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:route /v1/items
func listItems() []string { return nil }

//chalice:schedule rate(1 day)
func Nightly(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }
