// Command vendored is the packaging fixture for vendor/: its only dependency
// exists nowhere but in vendor/, as go build uses it.
package main

import (
	"fmt"

	"example.com/greet"
)

func main() { fmt.Println(greet.Hello()) }
