package iac

import (
	"bytes"
	"encoding/json"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Template formats.
const (
	JSON = "json"
	YAML = "yaml"
)

// Marshal prints a template: JSON indented by two spaces, or YAML; keys
// sorted, so the same template gives the same bytes.
func Marshal(t map[string]any, format string) ([]byte, error) {
	switch format {
	case JSON, "":
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(t); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	case YAML:
		var b bytes.Buffer
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(t); err != nil {
			return nil, err
		}
		if err := enc.Close(); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	return nil, fmt.Errorf("template format %q: use json or yaml", format)
}
