//chalice:blueprint example.com/does/not/exist
//chalice:blueprint example.com/does/not/exist url_prefix=/again
//chalice:blueprint ./local
//chalice:blueprint github.com/chalice-go/chalice/... url_prefix=/x/
//chalice:blueprint github.com/chalice-go/chalice/testdata/analyzer/bad/blueprint_not_found name_prefix=a.b
package main

//chalice:route /
func Index() {}
