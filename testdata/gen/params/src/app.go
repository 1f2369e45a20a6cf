package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chalice-go/chalice"
)

//go:generate chalicegen

type UserID int64

type Color string

type Flag bool

// Day implements encoding.TextUnmarshaler on its pointer.
type Day struct{ t time.Time }

func (d *Day) UnmarshalText(b []byte) error {
	t, err := time.Parse(time.DateOnly, string(b))
	if err != nil {
		return err
	}
	d.t = t
	return nil
}

type Profile struct {
	Name string `json:"name"`
}

type Item struct {
	ID int `json:"id"`
}

//chalice:route /
func index() map[string]any { return map[string]any{"hello": "world"} }

//chalice:route /users/{id}
func getUser(ctx context.Context, id UserID) (Profile, error) {
	return Profile{Name: fmt.Sprint("user ", int64(id))}, nil
}

//chalice:route PUT /users/{id}/profile
func putProfile(id int, p Profile) error {
	if p.Name == "" {
		return chalice.BadRequestError("name required")
	}
	return nil
}

//chalice:route /n/{i8}/{i16}/{i32}/{i64}/{u}/{u8}/{u16}/{u32}/{u64}/{f32}/{f64}/{b}/{on}
func numbers(i8 int8, i16 int16, i32 int32, i64 int64, u uint, u8 uint8, u16 uint16, u32 uint32, u64 uint64, f32 float32, f64 float64, b bool, on Flag) map[string]any {
	return map[string]any{"i8": i8, "i16": i16, "i32": i32, "i64": i64, "u": u, "u8": u8, "u16": u16,
		"u32": u32, "u64": u64, "f32": f32, "f64": f64, "b": b, "on": on}
}

//chalice:route /paint/{color}/{day}
func paint(color Color, day Day, req *chalice.Request) *chalice.Response {
	return &chalice.Response{
		StatusCode: 201,
		Headers:    map[string]string{"Content-Type": "text/plain"},
		Body:       string(color) + " " + day.t.Format(time.DateOnly) + " " + req.Method,
	}
}

//chalice:route DELETE /items/{name}
func deleteItem(name string) {}

//chalice:route POST /items
func createItem(ctx context.Context, items []Item) ([]Item, error) { return items, nil }

//chalice:route PUT /when/{when}
func when(when Day, p *Profile) (*Day, error) {
	if p.Name == "none" {
		return nil, nil
	}
	return &when, nil
}

func (d *Day) MarshalText() ([]byte, error) { return []byte(d.t.Format(time.DateOnly)), nil }

//chalice:route POST /clash/{ctx}/{c}/{err}/{int}/{strconv}
func clash(cx context.Context, ctx string, c int, err bool, int int, strconv uint16, body map[string]any) (any, error) {
	if body["fail"] == true {
		return nil, errors.New("failed on request")
	}
	return []any{ctx, c, err, int, strconv, body}, nil
}

// c is a handler whose name is the wrapper's natural name for its *runtime.Call.
//
//chalice:route /c/{x}
func c(x float64) float64 { return x }
