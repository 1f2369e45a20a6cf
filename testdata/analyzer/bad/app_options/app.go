//chalice:app experimental=FOO,WEBSOCKETS binary_types=application/x-a,bogus cors=missing
//chalice:app debug
package main

//chalice:route /
func Index() {}
