//chalice:blueprint github.com/chalice-go/chalice/testdata/analyzer/bad/blueprint_unexported/users url_prefix=/users
package main

//chalice:route /
func Index() {}
