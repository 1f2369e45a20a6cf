// Command blueprints registers handlers defined in other packages: api at
// the root, admin under /admin, and a blueprint of event handlers.
//
//chalice:blueprint github.com/chalice-go/chalice/examples/blueprints/api
//chalice:blueprint github.com/chalice-go/chalice/examples/blueprints/admin url_prefix=/admin name_prefix=admin_
//chalice:blueprint github.com/chalice-go/chalice/examples/blueprints/events name_prefix=bp_
package main

//go:generate go tool chalicegen

//chalice:route GET /hello
func hello() map[string]string { return map[string]string{"hello": "world"} }
