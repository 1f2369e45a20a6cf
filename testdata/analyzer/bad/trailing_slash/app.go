package main

//chalice:route /users/
func A() {}

//chalice:route /a//b
func B() {}
