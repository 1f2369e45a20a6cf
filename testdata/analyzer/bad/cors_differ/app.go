package main

import "github.com/chalice-go/chalice"

var custom = chalice.CORSConfig{AllowOrigin: "https://example.com", MaxAge: 600}

var same = chalice.CORSConfig{AllowOrigin: "*"}

//chalice:route GET /x cors
func A() {}

//chalice:route POST /x cors=custom
func B() {}

//chalice:route PUT /x cors=same
func C() {}

//chalice:route DELETE /x
func D() {}
