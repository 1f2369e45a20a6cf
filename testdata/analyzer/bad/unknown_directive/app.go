package main

//chalice:rout /x
func A() {}

//chalice:frobnicate
func B() {}
