package main

//chalice:route users
func A() {}

//chalice:route ""
func B() {}

//chalice:route GET,POST
func C() {}
