package main

//chalice:route /x name="unterminated
func A() {}

//chalice:schedule rate(5 minutes
func B() {}

//chalice:on_cw_event {"a": [1, 2}
func C() {}

//chalice:route /y content_types=a/b,,c/d
func D() {}
