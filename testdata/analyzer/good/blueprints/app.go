// The app registers two blueprint packages that are both named api.
//
//chalice:blueprint github.com/chalice-go/chalice/testdata/analyzer/good/blueprints/api url_prefix=/v1 name_prefix=v1_
//chalice:blueprint github.com/chalice-go/chalice/testdata/analyzer/good/blueprints/events/api
package main

//chalice:route /
func index() map[string]string { return nil }
