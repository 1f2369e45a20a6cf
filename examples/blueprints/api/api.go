// Package api is a blueprint: exported, annotated handlers the app registers.
package api

//chalice:route GET /
func Index() map[string]string { return map[string]string{"hello": "world"} }

//chalice:route GET /foo
func Foo() map[string]string { return map[string]string{"foo": "bar"} }
