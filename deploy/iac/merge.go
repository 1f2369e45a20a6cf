package iac

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/chalice-go/chalice/model"
)

// posErr is a problem at a position of the merge template: a
// model.Error, the positioned error every stage reports.
func posErr(file string, line, col int, msg string) error {
	return &model.Error{Pos: model.Pos{File: file, Line: line, Column: col}, Msg: msg}
}

// MergeTemplate is a parsed --merge-template file.
type MergeTemplate struct {
	File string
	root *yaml.Node
}

// LoadMergeTemplate reads a JSON or YAML merge template. YAML may use
// CloudFormation's short tags (!Ref, !GetAtt, !Sub, ...).
func LoadMergeTemplate(file string) (*MergeTemplate, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("merge template: %w", err)
	}
	return ParseMergeTemplate(file, b)
}

// ParseMergeTemplate parses the text of a merge template.
func ParseMergeTemplate(file string, b []byte) (*MergeTemplate, error) {
	trimmed := bytes.TrimSpace(b)
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		// JSON: encoding/json's errors are the precise ones.
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				line, col := lineCol(b, int(se.Offset)-1) // Offset is just past the bad byte
				return nil, posErr(file, line, col, "invalid JSON: "+se.Error())
			}
			return nil, posErr(file, 1, 1, "invalid JSON: "+err.Error())
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		line := 1
		msg := err.Error()
		if i := strings.Index(msg, "line "); i >= 0 {
			rest := msg[i+5:]
			if j := strings.IndexByte(rest, ':'); j > 0 {
				if n, err := strconv.Atoi(rest[:j]); err == nil {
					line = n
					msg = strings.TrimSpace(rest[j+1:])
				}
			}
		}
		return nil, posErr(file, line, 1, "invalid YAML: "+msg)
	}
	if len(doc.Content) == 0 {
		return nil, posErr(file, 1, 1, "the merge template is empty: it must be an object such as {\"Resources\": {...}}")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, posErr(file, root.Line, root.Column, "the merge template must be an object such as {\"Resources\": {...}}")
	}
	return &MergeTemplate{File: file, root: root}, nil
}

func lineCol(b []byte, off int) (int, int) {
	if off > len(b) {
		off = len(b)
	}
	line, col := 1, 1
	for _, c := range b[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// sections of a template whose values must be objects.
var sections = map[string]bool{"Resources": true, "Outputs": true, "Parameters": true, "Conditions": true, "Mappings": true, "Metadata": true,
	"resource": true, "data": true, "output": true, "variable": true, "locals": true, "provider": true, "terraform": true, "module": true}

// Apply deep-merges m onto t: objects merge key by key, the merge
// template's scalars and lists replace the generated ones.
func (m *MergeTemplate) Apply(t map[string]any) error {
	return m.mergeObj(t, m.root, nil)
}

func (m *MergeTemplate) errAt(n *yaml.Node, format string, args ...any) error {
	return posErr(m.File, n.Line, n.Column, fmt.Sprintf(format, args...))
}

func (m *MergeTemplate) mergeObj(dst map[string]any, n *yaml.Node, path []string) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return m.errAt(k, "object keys must be strings")
		}
		key := k.Value
		p := append(path, key)
		isSection := len(path) == 0 && sections[key]
		isResource := len(path) == 1 && path[0] == "Resources"
		if (isSection || isResource) && v.Kind != yaml.MappingNode {
			return m.errAt(v, "%s must be an object", strings.Join(p, "."))
		}
		cur, exists := dst[key]
		if isResource && !exists && !hasKey(v, "Type") {
			return m.errAt(k, "resource %s is not in the generated template and has no Type (the generated resources are named as docs/iac.md lists)", key)
		}
		if sub, ok := cur.(map[string]any); ok && v.Kind == yaml.MappingNode {
			if err := m.mergeObj(sub, v, p); err != nil {
				return err
			}
			continue
		}
		val, err := m.value(v)
		if err != nil {
			return err
		}
		dst[key] = val
	}
	return nil
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// value converts a node, turning CloudFormation short tags into their
// long form (!Ref x → {"Ref": x}, !GetAtt a.b → {"Fn::GetAtt": [a, b]}).
func (m *MergeTemplate) value(n *yaml.Node) (any, error) {
	var v any
	switch n.Kind {
	case yaml.AliasNode:
		return m.value(n.Alias)
	case yaml.MappingNode:
		o := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Kind != yaml.ScalarNode {
				return nil, m.errAt(n.Content[i], "object keys must be strings")
			}
			x, err := m.value(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			o[n.Content[i].Value] = x
		}
		v = o
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			x, err := m.value(c)
			if err != nil {
				return nil, err
			}
			l = append(l, x)
		}
		v = l
	default:
		var x any
		plain := *n
		if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
			plain.Tag = ""
		}
		if err := plain.Decode(&x); err != nil {
			return nil, m.errAt(n, "%v", err)
		}
		v = x
	}
	if !strings.HasPrefix(n.Tag, "!") || strings.HasPrefix(n.Tag, "!!") {
		return v, nil
	}
	fn := n.Tag[1:]
	switch fn {
	case "Ref", "Condition":
		return map[string]any{fn: v}, nil
	case "GetAtt":
		if s, ok := v.(string); ok {
			a, b, ok := strings.Cut(s, ".")
			if !ok {
				return nil, m.errAt(n, "!GetAtt %q: want Resource.Attribute", s)
			}
			v = []any{a, b}
		}
	}
	return map[string]any{"Fn::" + fn: v}, nil
}
