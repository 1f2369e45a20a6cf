// There is no chalice_gen.go yet (a fresh clone, say), but main already
// uses what it will declare: names with the generator's "chalice" prefix.
package main

//chalice:route /
func index() string { return "hello" }

func main() { _ = chaliceApp() }
