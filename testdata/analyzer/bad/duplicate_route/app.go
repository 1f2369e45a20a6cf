package main

//chalice:route /x
func A() {}

//chalice:route GET,POST /x
func B() {}

//chalice:route POST /<id>
func C(id string) {}

//chalice:route POST /{id}
func D(id string) {}

//chalice:route PUT /y name=same
func E() {}

//chalice:route DELETE /y name=same
func F() {}
