//chalice:route /
package main

//chalice:app debug
func A() {}

//chalice:blueprint example.com/x
var y = 1

func init() { _ = y }
