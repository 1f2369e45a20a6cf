package main

//chalice:route /users
func A(id int) {}

//chalice:route /users/{name}
func B(name string, nmae string) {}

//chalice:route /x
func C(string) {}
