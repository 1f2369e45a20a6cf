package chalice

import (
	"encoding/base64"
	"encoding/json"
)

// FromDynamoDBJSON converts an item in DynamoDB's JSON form (as stream
// records carry Keys, NewImage and OldImage) to plain Go values:
//
//	S → string        N → json.Number     B → []byte (base64-decoded)
//	BOOL → bool       NULL → nil          M → map[string]any
//	L → []any         SS → []string       NS → []json.Number   BS → [][]byte
//
// An attribute that is not in that form is kept as it is.
func FromDynamoDBJSON(item map[string]any) map[string]any {
	if item == nil {
		return nil
	}
	out := make(map[string]any, len(item))
	for k, v := range item {
		out[k] = fromAttributeValue(v)
	}
	return out
}

func fromAttributeValue(v any) any {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return v
	}
	for typ, val := range m {
		switch typ {
		case "S":
			if s, ok := val.(string); ok {
				return s
			}
		case "N":
			if s, ok := val.(string); ok {
				return json.Number(s)
			}
		case "B":
			if s, ok := val.(string); ok {
				return decodeB64(s)
			}
		case "BOOL":
			if b, ok := val.(bool); ok {
				return b
			}
		case "NULL":
			return nil
		case "M":
			if mm, ok := val.(map[string]any); ok {
				return FromDynamoDBJSON(mm)
			}
		case "L":
			if l, ok := val.([]any); ok {
				out := make([]any, len(l))
				for i, e := range l {
					out[i] = fromAttributeValue(e)
				}
				return out
			}
		case "SS":
			if l, ok := val.([]any); ok {
				out := make([]string, 0, len(l))
				for _, e := range l {
					if s, ok := e.(string); ok {
						out = append(out, s)
					}
				}
				return out
			}
		case "NS":
			if l, ok := val.([]any); ok {
				out := make([]json.Number, 0, len(l))
				for _, e := range l {
					if s, ok := e.(string); ok {
						out = append(out, json.Number(s))
					}
				}
				return out
			}
		case "BS":
			if l, ok := val.([]any); ok {
				out := make([][]byte, 0, len(l))
				for _, e := range l {
					if s, ok := e.(string); ok {
						out = append(out, decodeB64(s))
					}
				}
				return out
			}
		}
	}
	return v
}

// decodeB64 decodes s, keeping its bytes when it is not base64.
func decodeB64(s string) []byte {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b
	}
	return []byte(s)
}

// decodeItem decodes a DynamoDB-JSON item into v through its plain form.
func decodeItem(item map[string]any, v any) error {
	b, err := json.Marshal(FromDynamoDBJSON(item))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
