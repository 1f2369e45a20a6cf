package main

//chalice:route GET /x cors
func A() {}

//chalice:route OPTIONS /x
func B() {}

//chalice:route GET,OPTIONS /y cors
func C() {}
