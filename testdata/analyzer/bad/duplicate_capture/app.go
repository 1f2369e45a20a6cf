package main

//chalice:route /a/{x}/b/{x}
func A(x string) {}

//chalice:route /a/{1x}
func B() {}

//chalice:route /a/<y>/<y>
func C(y string) {}
