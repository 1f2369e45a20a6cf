package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

// Marshal returns the file as indented JSON: version, app_name, the
// top-level keys in the order docs/config.md lists them, lambda_functions,
// stages, then unknown keys (kept from Load) sorted by name.
func (f *File) Marshal() ([]byte, error) {
	var top obj
	if f.Version != "" {
		top.add("version", f.Version)
	}
	if f.AppName != "" {
		top.add("app_name", f.AppName)
	}
	top = append(top, settingsObj(&f.Top)...)
	if f.Stages != nil {
		var stages obj
		for _, name := range f.StageNames() {
			stages.add(name, settingsObj(f.Stages[name]))
		}
		top.add("stages", stages)
	}
	var b bytes.Buffer
	if err := writeJSON(&b, top, ""); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// Save writes the file to projectDir/.chalice/config.json, creating the
// directory if needed. The file is written to a temporary file in the same
// directory and renamed into place, so a reader sees the old or the new
// contents, never a partial file.
func (f *File) Save(projectDir string) error {
	data, err := f.Marshal()
	if err != nil {
		return err
	}
	return WriteFileAtomic(Path(projectDir), data, 0o644)
}

// WriteFileAtomic writes data to name through a temporary file in the same
// directory and a rename. An existing file keeps its permission bits.
func WriteFileAtomic(name string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if fi, err := os.Stat(name); err == nil {
		perm = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmpName)
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmpName)
		return err
	}
	if err := os.Rename(tmpName, name); err != nil {
		os.Remove(tmpName)
		return err
	}
	return nil
}

// obj is a JSON object with ordered keys.
type obj []kv

type kv struct {
	key string
	val any
}

func (o *obj) add(k string, v any) { *o = append(*o, kv{k, v}) }

func settingsObj(s *Settings) obj {
	var o obj
	if s == nil {
		return o
	}
	for _, ks := range keySpecs {
		if v, ok := ks.encode(s); ok {
			if cd, isDomain := v.(*CustomDomain); isDomain {
				v = domainObj(cd)
			}
			o.add(ks.name, v)
		}
	}
	if s.LambdaFunctions != nil {
		names := make([]string, 0, len(s.LambdaFunctions))
		for n := range s.LambdaFunctions {
			names = append(names, n)
		}
		sort.Strings(names)
		var fns obj
		for _, n := range names {
			fns.add(n, settingsObj(s.LambdaFunctions[n]))
		}
		o.add("lambda_functions", fns)
	}
	return append(o, extraObj(s.Extra)...)
}

func domainObj(cd *CustomDomain) obj {
	var o obj
	o.add("domain_name", cd.DomainName)
	o.add("certificate_arn", cd.CertificateARN)
	if cd.TLSVersion != "" {
		o.add("tls_version", cd.TLSVersion)
	}
	if cd.URLPrefix != "" {
		o.add("url_prefix", cd.URLPrefix)
	}
	if cd.Tags != nil {
		o.add("tags", cd.Tags)
	}
	return append(o, extraObj(cd.Extra)...)
}

func extraObj(extra map[string][]byte) obj {
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var o obj
	for _, k := range keys {
		o.add(k, json.RawMessage(extra[k]))
	}
	return o
}

func writeJSON(b *bytes.Buffer, v any, indent string) error {
	inner := indent + "  "
	switch v := v.(type) {
	case obj:
		if len(v) == 0 {
			b.WriteString("{}")
			return nil
		}
		b.WriteString("{\n")
		for i, m := range v {
			b.WriteString(inner)
			writeString(b, m.key)
			b.WriteString(": ")
			if err := writeJSON(b, m.val, inner); err != nil {
				return err
			}
			if i < len(v)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent)
		b.WriteByte('}')
	case map[string]string:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		o := make(obj, 0, len(keys))
		for _, k := range keys {
			o.add(k, v[k])
		}
		return writeJSON(b, o, indent)
	case []string:
		if len(v) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteByte('[')
		for i, s := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writeString(b, s)
		}
		b.WriteByte(']')
	case string:
		writeString(b, v)
	case int:
		b.WriteString(strconv.Itoa(v))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case json.RawMessage:
		var out bytes.Buffer
		if err := json.Indent(&out, v, indent, "  "); err != nil {
			return fmt.Errorf("config: cannot re-encode a kept value: %w", err)
		}
		b.Write(out.Bytes())
	default:
		return fmt.Errorf("config: cannot encode %T", v)
	}
	return nil
}

func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	b.Truncate(b.Len() - 1)
}
