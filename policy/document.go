package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Version is the IAM policy language version every document carries.
const Version = "2012-10-17"

// Document is an IAM identity policy. It marshals to JSON in the shape IAM
// takes, keys in the order Version, Statement.
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one IAM policy statement. Generated statements use Effect,
// Action, Resource and Sid; the other fields exist so a hand-written policy
// file (autogen_policy false) survives a load and a re-marshal unchanged in
// meaning. Keys marshal in the order Effect, Action, NotAction, Resource,
// NotResource, Condition, Sid.
type Statement struct {
	Effect      string          `json:"Effect"`
	Action      StringList      `json:"Action,omitempty"`
	NotAction   StringList      `json:"NotAction,omitempty"`
	Resource    StringList      `json:"Resource,omitempty"`
	NotResource StringList      `json:"NotResource,omitempty"`
	Condition   json.RawMessage `json:"Condition,omitempty"`
	Sid         string          `json:"Sid,omitempty"`
}

// StringList is an IAM string-or-list value. It unmarshals from either a
// string or an array of strings and always marshals as an array.
type StringList []string

// UnmarshalJSON accepts "x" or ["x", "y"].
func (l *StringList) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*l = StringList{s}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return errors.New("must be a string or a list of strings")
	}
	*l = list
	return nil
}

// MarshalIndent renders d as indented JSON with a trailing newline. The
// output depends only on d: statements, actions and resources are emitted
// in the order d holds them (generated documents hold them sorted).
func (d *Document) MarshalIndent() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Actions returns every action the document allows, sorted and
// de-duplicated. Deploy uses it to tell the user which actions a policy
// update adds or removes.
func (d *Document) Actions() []string {
	var out []string
	for _, s := range d.Statement {
		if s.Effect == "Allow" {
			out = append(out, s.Action...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// PolicyFilePath returns the file autogen_policy=false reads:
// <projectDir>/.chalice/<iamPolicyFile>, or .chalice/policy-<stage>.json
// when iamPolicyFile is empty. An absolute iamPolicyFile is used as is.
func PolicyFilePath(projectDir, stage, iamPolicyFile string) string {
	name := iamPolicyFile
	if name == "" {
		name = "policy-" + stage + ".json"
	}
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(projectDir, ".chalice", name)
}

// LoadPolicyFile reads the policy a stage uses when autogen_policy is false:
// .chalice/policy-<stage>.json, or iam_policy_file (relative to .chalice/)
// when set. For the dev stage without iam_policy_file, a missing
// policy-dev.json falls back to the pre-stages .chalice/policy.json, as the
// spec's upgrade notes describe. A missing file, invalid JSON or a document
// that is not an IAM identity policy is an error naming the file.
func LoadPolicyFile(projectDir, stage, iamPolicyFile string) (*Document, error) {
	if iamPolicyFile == "" && stage == "" {
		return nil, errors.New("chalice: loading the IAM policy file: no stage given")
	}
	path := PolicyFilePath(projectDir, stage, iamPolicyFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && iamPolicyFile == "" && stage == "dev" {
		legacy := filepath.Join(projectDir, ".chalice", "policy.json")
		if d, lerr := os.ReadFile(legacy); lerr == nil {
			path, data, err = legacy, d, nil
		}
	}
	rel := path
	if r, rerr := filepath.Rel(projectDir, path); rerr == nil && !strings.HasPrefix(r, "..") {
		rel = r
	}
	if errors.Is(err, fs.ErrNotExist) {
		how := fmt.Sprintf("create it (with autogen_policy true, chalicegen gen-policy --stage %s prints the inferred policy to start from)", stage)
		if iamPolicyFile == "" {
			how += ", or point iam_policy_file at another file in .chalice/"
		}
		whose := fmt.Sprintf("stage %q takes its IAM policy from this file", stage)
		if iamPolicyFile != "" {
			whose = fmt.Sprintf("iam_policy_file %q of stage %q names it", iamPolicyFile, stage)
		}
		return nil, fmt.Errorf("%s does not exist: %s (autogen_policy false, or deploy --no-autogen-policy); %s", rel, whose, how)
	}
	if err != nil {
		return nil, fmt.Errorf("chalice: reading the IAM policy file: %v", err)
	}
	doc, err := ParseDocument(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", rel, err)
	}
	return doc, nil
}

// ParseDocument parses and checks an IAM identity policy. Errors carry a
// line:column for JSON syntax errors and the statement index otherwise.
func ParseDocument(data []byte) (*Document, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, jsonError(data, err)
	}
	if raw == nil {
		return nil, errors.New("not an IAM policy: expected a JSON object")
	}
	doc := &Document{}
	for k, v := range raw {
		switch k {
		case "Version":
			if err := json.Unmarshal(v, &doc.Version); err != nil {
				return nil, errors.New("Version must be a string")
			}
		case "Id":
		case "Statement":
			var list []json.RawMessage
			if bytes.HasPrefix(bytes.TrimSpace(v), []byte("{")) {
				list = []json.RawMessage{v} // a single statement object
			} else if err := json.Unmarshal(v, &list); err != nil {
				return nil, errors.New("Statement must be a list of statements")
			}
			for i, s := range list {
				st, err := parseStatement(s)
				if err != nil {
					return nil, fmt.Errorf("Statement[%d]: %v", i, err)
				}
				doc.Statement = append(doc.Statement, st)
			}
		default:
			return nil, fmt.Errorf("unknown top-level key %q (an IAM policy has Version, Id and Statement)", k)
		}
	}
	if doc.Version == "" {
		return nil, fmt.Errorf("missing Version (use %q)", Version)
	}
	if doc.Version != Version && doc.Version != "2008-10-17" {
		return nil, fmt.Errorf("Version %q is not an IAM policy language version (use %q)", doc.Version, Version)
	}
	if len(doc.Statement) == 0 {
		return nil, errors.New("no Statement")
	}
	return doc, nil
}

func parseStatement(data json.RawMessage) (Statement, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil || raw == nil {
		return Statement{}, errors.New("a statement must be a JSON object")
	}
	var st Statement
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := raw[k]
		var err error
		switch k {
		case "Sid":
			err = json.Unmarshal(v, &st.Sid)
		case "Effect":
			err = json.Unmarshal(v, &st.Effect)
		case "Action":
			err = json.Unmarshal(v, &st.Action)
		case "NotAction":
			err = json.Unmarshal(v, &st.NotAction)
		case "Resource":
			err = json.Unmarshal(v, &st.Resource)
		case "NotResource":
			err = json.Unmarshal(v, &st.NotResource)
		case "Condition":
			var m map[string]map[string]json.RawMessage
			if json.Unmarshal(v, &m) != nil {
				err = errors.New("must be an object of condition operators")
			}
			st.Condition = v
		case "Principal", "NotPrincipal":
			return st, fmt.Errorf("%s is not allowed in the policy of an execution role", k)
		default:
			return st, fmt.Errorf("unknown key %q", k)
		}
		if err != nil {
			return st, fmt.Errorf("%s: %v", k, err)
		}
	}
	if st.Effect != "Allow" && st.Effect != "Deny" {
		return st, fmt.Errorf("Effect must be \"Allow\" or \"Deny\", not %q", st.Effect)
	}
	if (len(st.Action) == 0) == (len(st.NotAction) == 0) {
		return st, errors.New("needs exactly one of Action and NotAction")
	}
	if (len(st.Resource) == 0) == (len(st.NotResource) == 0) {
		return st, errors.New("needs exactly one of Resource and NotResource")
	}
	return st, nil
}

// jsonError turns a decoding error into one with a line:column.
func jsonError(data []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset - 1 // the offset is just past the offending byte
		if off < 0 {
			off = 0
		}
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 {
		return fmt.Errorf("invalid JSON: %v", err)
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line, col := 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return fmt.Errorf("%d:%d: invalid JSON: %v", line, col, err)
}

// WritePolicyFile writes doc to .chalice/policy-<stage>.json, as deploy
// does when it inferred the policy (the spec's Chalice writes the policy it
// generated to disk), atomically: a reader sees the old file or the new
// one, never half of one. It returns the path written.
func WritePolicyFile(projectDir, stage string, doc *Document) (string, error) {
	b, err := doc.MarshalIndent()
	if err != nil {
		return "", err
	}
	path := PolicyFilePath(projectDir, stage, "")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".policy-*.json")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", err
	}
	return path, nil
}

// ResourceDiff lists the actions whose resources differ between two
// documents that grant the same actions.
func ResourceDiff(oldDoc, newDoc *Document) []string {
	res := func(d *Document) map[string][]string {
		m := map[string][]string{}
		if d == nil {
			return m
		}
		for _, s := range d.Statement {
			if s.Effect != "Allow" {
				continue
			}
			for _, a := range s.Action {
				m[a] = append(m[a], s.Resource...)
			}
		}
		for a := range m {
			slices.Sort(m[a])
			m[a] = slices.Compact(m[a])
		}
		return m
	}
	o, n := res(oldDoc), res(newDoc)
	var out []string
	for a, rs := range n {
		if ors, ok := o[a]; ok && !slices.Equal(ors, rs) {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return out
}
