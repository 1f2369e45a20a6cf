package main

//chalice:route /a/{p+}/b
func A(p string) {}

//chalice:route /a/{+}
func B() {}
