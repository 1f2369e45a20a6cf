// Package scaffold holds the projects chalicegen new-project creates.
//
// Every template renders the same project skeleton (.chalice/config.json,
// go.mod, .gitignore, README.md) plus its own app.go and app_test.go. The
// files are embedded in the binary; names ending in .tmpl are text/template
// sources rendered with Data, with the suffix removed.
//
// Render does not write go.sum: the new project's dependencies are those of
// Chalice for Go, which the caller resolves with `go mod tidy` in the new
// directory (chalicegen new-project does, seeding go.sum from the checkout).
package scaffold

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/template"

	"github.com/chalice-go/chalice/config"
)

//go:embed all:files
var files embed.FS

// Default is the template new-project uses when none is named.
const Default = "rest-api"

// Template describes one project template.
type Template struct {
	Name        string
	Description string
}

var list = []Template{
	{Name: "rest-api", Description: "a REST API: GET / returns {\"hello\": \"world\"}"},
	{Name: "events", Description: "event handlers: an hourly schedule and an SQS queue consumer"},
	{Name: "websocket", Description: "a websocket API echoing every message back to its sender"},
}

// List returns the available templates, the default first.
func List() []Template { return append([]Template(nil), list...) }

// Data is what templates are rendered with.
type Data struct {
	// AppName is the app_name in .chalice/config.json and the Go module
	// path. Letters, digits, '-' and '_', starting with a letter or digit.
	AppName string
	// ChaliceDir, when set, is the absolute path of a Chalice for Go
	// checkout; go.mod gets a replace directive pointing at it.
	ChaliceDir string
	// ChaliceVersion is the required version of
	// github.com/chalice-go/chalice; default v0.0.0.
	ChaliceVersion string
	// GoVersion is go.mod's go line; default 1.26.0.
	GoVersion string
}

// Defaults for Data.
const (
	DefaultChaliceVersion = "v0.0.0"
	DefaultGoVersion      = "1.26.0"
)

var appNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// ValidAppName reports whether name can be an app name: it is used for the
// module path, the Lambda function names and the IAM role name.
func ValidAppName(name string) error {
	switch {
	case name == "":
		return errors.New("the app name is empty")
	case !appNamePattern.MatchString(name):
		return fmt.Errorf("invalid app name %q: use letters, digits, '-' and '_', starting with a letter or digit", name)
	case len(name) > 64:
		return fmt.Errorf("invalid app name %q: longer than 64 characters, the limit of a Lambda function name", name)
	}
	return nil
}

// ErrExists is returned (wrapped) by Render when the destination exists.
var ErrExists = errors.New("already exists")

// Render creates the directory dest holding a new project from the named
// template. dest must not exist; its parent is created if needed. The
// project is written into a temporary directory next to dest and renamed
// into place, so dest appears complete or not at all.
func Render(name, dest string, data Data) error {
	if !known(name) {
		return fmt.Errorf("unknown template %q (available: %s)", name, strings.Join(names(), ", "))
	}
	if err := ValidAppName(data.AppName); err != nil {
		return err
	}
	if data.ChaliceVersion == "" {
		data.ChaliceVersion = DefaultChaliceVersion
	}
	if data.GoVersion == "" {
		data.GoVersion = DefaultGoVersion
	}
	if data.ChaliceDir != "" && !filepath.IsAbs(data.ChaliceDir) {
		return fmt.Errorf("scaffold: ChaliceDir %q is not an absolute path", data.ChaliceDir)
	}
	out, err := renderFiles(name, data)
	if err != nil {
		return err
	}

	dest = filepath.Clean(dest)
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("cannot create project %s: %w; choose another name or remove it", dest, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".new-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	for rel, content := range out {
		p := filepath.Join(tmp, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	// Check again just before the rename, which on Linux would silently
	// replace an empty directory created in the meantime.
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("cannot create project %s: %w", dest, ErrExists)
	}
	if err := os.Rename(tmp, dest); err != nil {
		return fmt.Errorf("cannot create project %s: %v", dest, err)
	}
	return nil
}

// Files renders the named template and returns the project's files by
// slash-separated path, without writing anything.
func Files(name string, data Data) (map[string][]byte, error) {
	if !known(name) {
		return nil, fmt.Errorf("unknown template %q (available: %s)", name, strings.Join(names(), ", "))
	}
	if data.ChaliceVersion == "" {
		data.ChaliceVersion = DefaultChaliceVersion
	}
	if data.GoVersion == "" {
		data.GoVersion = DefaultGoVersion
	}
	return renderFiles(name, data)
}

func renderFiles(name string, data Data) (map[string][]byte, error) {
	out := map[string][]byte{}
	cfg, err := config.Default(data.AppName).Marshal()
	if err != nil {
		return nil, err
	}
	out[path.Join(config.Dir, config.FileName)] = cfg

	view := struct {
		Data
		Description string
	}{Data: data}
	for _, t := range list {
		if t.Name == name {
			view.Description = t.Description
		}
	}
	for _, root := range []string{"files/common", "files/" + name} {
		err := fs.WalkDir(files, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			content, err := files.ReadFile(p)
			if err != nil {
				return err
			}
			rel := strings.TrimPrefix(p, root+"/")
			if strings.HasSuffix(rel, ".tmpl") {
				rel = strings.TrimSuffix(rel, ".tmpl")
				t, err := template.New(p).Option("missingkey=error").Funcs(template.FuncMap{"modpath": modPath}).Parse(string(content))
				if err != nil {
					return fmt.Errorf("scaffold: %s: %v", p, err)
				}
				var b strings.Builder
				if err := t.Execute(&b, view); err != nil {
					return fmt.Errorf("scaffold: %s: %v", p, err)
				}
				content = []byte(b.String())
			}
			out[rel] = content
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// modPath writes a file path as a go.mod token, quoted when it holds
// characters a bare token cannot.
func modPath(p string) string {
	p = filepath.ToSlash(p)
	if strings.ContainsAny(p, " \t\"'`\\(){}[],") || p == "" {
		return strconv.Quote(p)
	}
	return p
}

func known(name string) bool {
	for _, t := range list {
		if t.Name == name {
			return true
		}
	}
	return false
}

func names() []string {
	out := make([]string, len(list))
	for i, t := range list {
		out[i] = t.Name
	}
	return out
}
