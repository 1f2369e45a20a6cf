package main

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

func TestIndexStillServed(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	resp := c.Get(t, "/")
	if resp.StatusCode != 200 || !reflect.DeepEqual(resp.JSON(t), map[string]any{"hello": "world"}) {
		t.Errorf("GET / = %d %s", resp.StatusCode, resp.Body)
	}
}

func TestCustomLambdaFunction(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	res, err := c.Invoke(t, "custom_lambda_function", map[string]any{"anything": []int{1, 2}})
	if err != nil || string(res) != "{}" {
		t.Errorf("got %s, %v", res, err)
	}
}

func TestMyFunction(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	res, err := c.Invoke(t, "MyFunction", `{"name":"Ana","language":"es"}`)
	if err != nil {
		t.Fatal(err)
	}
	var out GreetResponse
	if err := json.Unmarshal(res, &out); err != nil || out.Greeting != "Hola, Ana!" {
		t.Errorf("got %s, %v", res, err)
	}
	if _, err := c.Invoke(t, "MyFunction", `{}`); err == nil || err.Error() != "name is required" {
		t.Errorf("missing name: %v", err)
	}
	if _, err := c.Invoke(t, "MyFunction", `{"name": 5}`); err == nil {
		t.Error("an input that does not decode must fail")
	}
}
