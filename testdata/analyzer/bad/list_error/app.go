package main

import "example.com/does/not/exist"

//chalice:route /
func Index() string { return exist.X }
