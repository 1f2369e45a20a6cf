package model

// Shape is the JSON form of a Go type as encoding/json reads and writes
// it: what the API description (OpenAPI) and the typed clients are
// rendered from. The analyzer derives it from go/types once, for route
// captures, bodies and results; renderers never see go/types.
//
// The zero Shape is "any JSON value" (interfaces, json.RawMessage, types
// with their own MarshalJSON).
type Shape struct {
	Type     JSONType `json:",omitempty"`
	Format   string   `json:",omitempty"` // OpenAPI format: int32, int64, float, double, date-time
	Unsigned bool     `json:",omitempty"` // an unsigned integer: minimum 0
	// Base64 marks a []byte: a string carrying base64.
	Base64 bool `json:",omitempty"`
	// Nullable: the value may be null (a Go pointer).
	Nullable bool `json:",omitempty"`
	// Ref names an entry of App.Shapes (a named struct type), the only
	// way a type refers to itself.
	Ref string `json:",omitempty"`
	// Items is the element of an array; Len > 0 fixes its length (a Go
	// array type).
	Items *Shape `json:",omitempty"`
	Len   int    `json:",omitempty"`
	// Values is the value of a map: an object with arbitrary keys.
	Values *Shape `json:",omitempty"`
	// Fields are a struct's JSON properties in encoding order (embedded
	// structs' fields promoted as encoding/json does).
	Fields []Field `json:",omitempty"`
}

// JSONType is a JSON Schema type name.
type JSONType string

const (
	JSONString  JSONType = "string"
	JSONInteger JSONType = "integer"
	JSONNumber  JSONType = "number"
	JSONBoolean JSONType = "boolean"
	JSONArray   JSONType = "array"
	JSONObject  JSONType = "object"
	JSONNull    JSONType = "null"
)

// Field is one JSON property of a struct.
type Field struct {
	Name     string // the JSON key
	GoName   string // the Go field name
	Required bool   // false with omitempty/omitzero
	Shape    *Shape
}

// NamedShape is a named struct type that shapes refer to by Name.
type NamedShape struct {
	Name   string // unique in the app, an identifier: Profile, users_Profile, Page_User
	GoType string // the type as Go spells it with full import path
	Shape  *Shape
}

// ShapeByName returns the named shape called name, or nil.
func (a *App) ShapeByName(name string) *NamedShape {
	for _, s := range a.Shapes {
		if s.Name == name {
			return s
		}
	}
	return nil
}
