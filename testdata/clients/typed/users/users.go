// Package users is a blueprint of the typed app.
package users

import "github.com/chalice-go/chalice"

// User has a name clash with nothing and a nested type.
type User struct {
	Name    string   `json:"name"`
	Friends []Friend `json:"friends"`
}

// Friend is a nested named type.
type Friend struct {
	Name string `json:"name"`
	Best bool   `json:"best,omitempty"`
}

// Item clashes with the app's Item.
type Item struct {
	Path string `json:"path"`
}

//chalice:route GET /{name}
func Get(name string) (User, error) {
	if name != "ann" {
		return User{}, chalice.NotFoundError("no user " + name)
	}
	return User{Name: "ann", Friends: []Friend{{Name: "bob", Best: true}}}, nil
}

//chalice:route GET /files/{path+}
func File(path string) Item { return Item{Path: path} }
