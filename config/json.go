package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// This file holds a small JSON reader that keeps the byte offset of every
// value, so that type errors can name a line and column as well as a key
// path. encoding/json validates the input first (its syntax errors carry a
// reliable offset); the token stream is then read into a tree of nodes.

type kind int

const (
	kindObject kind = iota
	kindArray
	kindString
	kindNumber
	kindBool
	kindNull
)

func (k kind) String() string {
	switch k {
	case kindObject:
		return "object"
	case kindArray:
		return "array"
	case kindString:
		return "string"
	case kindNumber:
		return "number"
	case kindBool:
		return "boolean"
	default:
		return "null"
	}
}

type node struct {
	kind    kind
	off     int // offset of the value's first byte
	end     int // offset just past the value
	members []member
	elems   []*node
	str     string
	num     json.Number
	boolean bool
}

type member struct {
	key string
	off int // offset of the key's opening quote
	val *node
}

// describe names the node's JSON type for "expected X, got Y" messages.
func (n *node) describe() string {
	if n.kind == kindNumber {
		return "number " + n.num.String()
	}
	return n.kind.String()
}

// syntaxError is a JSON syntax error at a byte offset.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

// parseJSON reads data, which must hold exactly one JSON value.
func parseJSON(data []byte) (*node, error) {
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off := int(se.Offset) - 1 // Offset counts the offending byte
			if off < 0 {
				off = 0
			}
			if se.Offset >= int64(len(data)) && len(bytes.TrimSpace(data)) == 0 {
				return nil, &syntaxError{off: 0, msg: "empty file: expected a JSON object"}
			}
			msg := se.Error()
			if msg == "unexpected end of JSON input" {
				off = len(data)
				msg = "unexpected end of file: unterminated object, array or string"
			}
			return nil, &syntaxError{off: off, msg: "invalid JSON: " + msg}
		}
		return nil, &syntaxError{off: 0, msg: "invalid JSON: " + err.Error()}
	}
	p := &parser{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	tok, off, err := p.next()
	if err != nil {
		return nil, &syntaxError{off: off, msg: "invalid JSON: " + err.Error()}
	}
	n, err := p.value(tok, off)
	if err != nil {
		return nil, &syntaxError{off: p.pos(), msg: "invalid JSON: " + err.Error()}
	}
	return n, nil
}

type parser struct {
	data []byte
	dec  *json.Decoder
}

// pos is the offset of the next token: the decoder's offset advanced past
// whitespace and the separators it has not consumed yet.
func (p *parser) pos() int {
	i := int(p.dec.InputOffset())
	for i < len(p.data) {
		switch p.data[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
			continue
		}
		break
	}
	return i
}

func (p *parser) next() (json.Token, int, error) {
	off := p.pos()
	tok, err := p.dec.Token()
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return tok, off, err
}

func (p *parser) value(tok json.Token, off int) (*node, error) {
	n := &node{off: off}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.kind = kindObject
			for {
				tok, koff, err := p.next()
				if err != nil {
					return nil, err
				}
				if d, ok := tok.(json.Delim); ok && d == '}' {
					break
				}
				key, ok := tok.(string)
				if !ok {
					return nil, fmt.Errorf("object key is not a string")
				}
				vtok, voff, err := p.next()
				if err != nil {
					return nil, err
				}
				v, err := p.value(vtok, voff)
				if err != nil {
					return nil, err
				}
				n.members = append(n.members, member{key: key, off: koff, val: v})
			}
		case '[':
			n.kind = kindArray
			for {
				tok, eoff, err := p.next()
				if err != nil {
					return nil, err
				}
				if d, ok := tok.(json.Delim); ok && d == ']' {
					break
				}
				v, err := p.value(tok, eoff)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
		default:
			return nil, fmt.Errorf("unexpected %q", rune(t))
		}
	case string:
		n.kind, n.str = kindString, t
	case json.Number:
		n.kind, n.num = kindNumber, t
	case bool:
		n.kind, n.boolean = kindBool, t
	case nil:
		n.kind = kindNull
	default:
		return nil, fmt.Errorf("unexpected token %v", tok)
	}
	n.end = int(p.dec.InputOffset())
	return n, nil
}

// raw returns the value's source text.
func (n *node) raw(data []byte) json.RawMessage {
	if n.off < 0 || n.end > len(data) || n.off > n.end {
		return nil
	}
	return json.RawMessage(bytes.Clone(data[n.off:n.end]))
}

// lineCol converts a byte offset into a 1-based line and byte column.
func lineCol(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	col = off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}
