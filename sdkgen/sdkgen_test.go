package sdkgen_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chalice-go/chalice/internal/clienttest"
	"github.com/chalice-go/chalice/internal/golden"
	"github.com/chalice-go/chalice/internal/npmtest"
	"github.com/chalice-go/chalice/model"
	"github.com/chalice-go/chalice/sdkgen"
)

var apps = clienttest.Apps()

const endpoint = "https://abc123.execute-api.us-west-2.amazonaws.com/api/"

func load(t *testing.T, dir string) *model.App { return clienttest.Load(t, dir) }

func generate(t *testing.T, app *model.App, typ sdkgen.Type) map[string][]byte {
	t.Helper()
	files, err := sdkgen.Generate(app, sdkgen.Options{Type: typ, Endpoint: endpoint})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGolden compares both clients of both apps with the goldens.
func TestGolden(t *testing.T) {
	for name, dir := range apps {
		app := load(t, dir)
		for _, typ := range []sdkgen.Type{sdkgen.JavaScript, sdkgen.TypeScript} {
			files := generate(t, app, typ)
			gdir := filepath.Join(clienttest.GoldenDir(name), string(typ))
			for n, b := range files {
				golden.Check(t, filepath.Join(gdir, n), b)
			}
			if entries, _ := os.ReadDir(gdir); len(entries) != len(files) {
				t.Errorf("%s holds %d files, the generator writes %d", gdir, len(entries), len(files))
			}
		}
	}
}

func TestSpecMethodNames(t *testing.T) {
	js := string(generate(t, load(t, apps["sdk"]), sdkgen.JavaScript)["apigClient.js"])
	for _, m := range []string{"rootGet", "fooGet", "helloNameGet", "usersUserIdPut"} {
		if !strings.Contains(js, "      "+m+": function (params, body, additionalParams) {") {
			t.Errorf("apigClient.js has no method %s", m)
		}
	}
	for _, banned := range []string{"axios", "CryptoJS", "require(\"url-template\")", "import "} {
		if strings.Contains(js, banned) {
			t.Errorf("apigClient.js mentions %s: it must have no dependencies", banned)
		}
	}
}

// tsc runs the TypeScript compiler from testdata/sdk with --strict
// --noEmit over consumer.ts in dir.
func tsc(t *testing.T, dir string) (string, error) {
	t.Helper()
	bin := filepath.Join(npmtest.Dir(), "node_modules", "typescript", "bin", "tsc")
	cmd := exec.Command("node", bin, "--strict", "--noEmit", "--pretty", "false",
		"--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "--lib", "es2022,dom",
		"consumer.ts")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// consumerDir is a temp dir holding the generated client and a consumer.
func consumerDir(t *testing.T, files map[string][]byte, consumer string) string {
	t.Helper()
	dir := t.TempDir()
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := os.ReadFile(filepath.Join(npmtest.Dir(), "consumers", consumer))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "consumer.ts"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestTypeScript type-checks a consumer of the typed app's client with
// tsc --strict, against apigClient.d.ts and against apigClient.ts (which is
// then checked itself), and a consumer with deliberate type errors, each of
// which tsc must report at its line.
func TestTypeScript(t *testing.T) {
	npmtest.Install(t)
	app := load(t, apps["typed"])
	for _, typ := range []sdkgen.Type{sdkgen.JavaScript, sdkgen.TypeScript} {
		t.Run(string(typ), func(t *testing.T) {
			files := generate(t, app, typ)
			if out, err := tsc(t, consumerDir(t, files, "typed_ok.ts")); err != nil {
				t.Fatalf("tsc rejected the good consumer: %v\n%s", err, out)
			}
			bad := consumerDir(t, files, "typed_bad.ts")
			out, err := tsc(t, bad)
			if err == nil {
				t.Fatalf("tsc accepted the consumer with type errors:\n%s", out)
			}
			src, _ := os.ReadFile(filepath.Join(bad, "consumer.ts"))
			want := map[string]bool{}
			for i, line := range strings.Split(string(src), "\n") {
				if m := regexp.MustCompile(`@expect-error (TS\d+)`).FindStringSubmatch(line); m != nil {
					want[fmt.Sprintf("consumer.ts(%d,%s", i+2, m[1])] = true
				}
			}
			got := map[string]bool{}
			for _, m := range regexp.MustCompile(`(?m)^(\S+\.ts)\((\d+),\d+\): error (TS\d+)`).FindAllStringSubmatch(out, -1) {
				got[fmt.Sprintf("%s(%s,%s", m[1], m[2], m[3])] = true
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("tsc errors differ from the @expect-error marks (-want +got):\n%s\ntsc said:\n%s", d, out)
			}
		})
	}
}

// TestJavaScriptParses checks apigClient.js is valid JavaScript that loads
// in Node and exposes the factory.
func TestJavaScriptParses(t *testing.T) {
	npmtest.Install(t)
	for name, dir := range apps {
		files := generate(t, load(t, dir), sdkgen.JavaScript)
		d := t.TempDir()
		f := filepath.Join(d, "apigClient.js")
		if err := os.WriteFile(f, files["apigClient.js"], 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("node", "-e", `const m = require(process.argv[1]); const c = m.apigClientFactory.newClient(); console.log(Object.keys(c).length, typeof m.ApiError)`, f).CombinedOutput()
		if err != nil || !strings.HasSuffix(strings.TrimSpace(string(out)), "function") {
			t.Errorf("%s: loading apigClient.js: %v\n%s", name, err, out)
		}
	}
}

func TestUnknownType(t *testing.T) {
	if _, err := sdkgen.Generate(&model.App{}, sdkgen.Options{Type: "python"}); err == nil {
		t.Fatal("no error for --sdk-type python")
	}
}
