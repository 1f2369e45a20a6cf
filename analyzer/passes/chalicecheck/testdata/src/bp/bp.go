// want +2 `//chalice:app belongs above the package clause of the app's package main`
//
//chalice:app debug
package bp

import "context"

//chalice:route /items/{id}
func getItem(ctx context.Context, id string) error { return nil } // want `blueprint handler getItem must be exported`

//chalice:route /items
func List() []string { return nil }
