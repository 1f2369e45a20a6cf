package main

//chalice:route FETCH,GET /x
func A() {}

//chalice:route GET,get /y
func B() {}

//chalice:route post,Put /z
func C() {}

//chalice:route GET,,PUT /w
func D() {}
