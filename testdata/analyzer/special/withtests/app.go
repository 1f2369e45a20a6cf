package main

//chalice:route /
func index() string { return "ok" }
