// Command blueprints registers routes defined in other packages: api at the
// root and admin under /admin.
//
//chalice:blueprint github.com/chalice-go/chalice/examples/blueprints/api
//chalice:blueprint github.com/chalice-go/chalice/examples/blueprints/admin url_prefix=/admin name_prefix=admin_
package main

//go:generate chalicegen

//chalice:route GET /hello
func hello() map[string]string { return map[string]string{"hello": "world"} }
