package main

//chalice:route /var
var x = 1

//chalice:route /type
type T struct{}

func f() {
	//chalice:route /inside
	_ = x
}

//chalice:schedule rate(1 hour)

func detached() {}

var _ = f
