package main

//chalice:route /users/na%me
func A() {}

//chalice:route /a/b$c/d
func B() {}

//chalice:route /a/x{b}
func C(b string) {}

//chalice:route /a/{b
func D(b string) {}

//chalice:route "/a/é"
func E() {}
