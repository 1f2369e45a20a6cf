package main

//chalice:route /x cors=nope
func A() {}

//chalice:route /y authorizer=nobody
func B() {}

//chalice:route /z cors=a.b
func C() {}
