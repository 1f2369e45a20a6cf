// Command sdk is the spec's sdktest app (SDK Generation): four CORS routes
// whose generated JavaScript client a browser page calls, plus an error
// route and a route that needs an API key. `chalicegen generate-sdk OUT`
// writes the client; its tests drive it from headless Chromium.
package main

//go:generate go tool chalicegen

import (
	"strconv"

	"github.com/chalice-go/chalice"
)

// Hello is the root's and hello_name's answer.
type Hello struct {
	Hello string `json:"hello"`
}

// Foo is foo's answer.
type Foo struct {
	Foo bool `json:"foo"`
}

// UserUpdate is update_user's answer.
type UserUpdate struct {
	Msg    string `json:"msg"`
	UserID string `json:"userId"`
}

//chalice:route GET / cors
func index() Hello { return Hello{Hello: "world"} }

//chalice:route GET /foo cors
func foo() Foo { return Foo{Foo: true} }

//chalice:route GET /hello/{name} cors
func helloName(name string) Hello { return Hello{Hello: name} }

//chalice:route PUT /users/{user_id} cors
func updateUser(user_id string) UserUpdate {
	return UserUpdate{Msg: "fake updated user", UserID: user_id}
}

//chalice:route GET /teapot/{n} cors
func teapot(n int) (Hello, error) {
	if n != 418 {
		return Hello{}, chalice.NotFoundError("no teapot number " + strconv.Itoa(n))
	}
	return Hello{Hello: "teapot"}, nil
}

// Secret is what the API key unlocks.
type Secret struct {
	Secret string `json:"secret"`
}

//chalice:route GET /secret cors api_key_required
func secret() Secret { return Secret{Secret: "open sesame"} }
