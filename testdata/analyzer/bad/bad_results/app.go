package main

type withChan struct {
	Name string
	C    chan int
}

type hidden struct {
	c chan int // unexported: encoding/json skips it
	F func()   `json:"-"`
}

//chalice:route /a
func A() chan int { return nil }

//chalice:route /b
func B() (complex128, error) { return 0, nil }

//chalice:route /c
func C() (string, string) { return "", "" }

//chalice:route /d
func D() (int, int, error) { return 0, 0, nil }

//chalice:route /e
func E() withChan { return withChan{} }

//chalice:route /f
func F() map[[2]int]string { return nil }

//chalice:route /g
func G() hidden { return hidden{} }
