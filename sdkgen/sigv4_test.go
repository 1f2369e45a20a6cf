package sdkgen_test

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/chalice-go/chalice/internal/npmtest"
	"github.com/chalice-go/chalice/sdkgen"
)

var authRe = regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/execute-api/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$`)

// TestSigV4 has the generated JavaScript client (in Node, WebCrypto) call
// an IAMAuthorizer route with credentials; the server re-signs the request
// with aws-sdk-go-v2's SigV4 signer and the signatures must agree. Query
// parameters, a session token and a path needing escapes are included.
func TestSigV4(t *testing.T) {
	npmtest.Install(t)
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := authRe.FindStringSubmatch(r.Header.Get("Authorization"))
		if m == nil {
			http.Error(w, `{"message":"bad authorization `+r.Header.Get("Authorization")+`"}`, 403)
			return
		}
		body, _ := io.ReadAll(r.Body)
		sum := sha256.Sum256(body)
		when, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
		if err != nil {
			http.Error(w, `{"message":"bad date"}`, 403)
			return
		}
		// Re-sign a copy holding only the signed headers.
		req, _ := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), nil)
		req.Host = r.Host
		for _, h := range strings.Split(m[4], ";") {
			if h != "host" && h != "x-amz-date" && h != "x-amz-security-token" {
				req.Header.Set(h, r.Header.Get(h))
			}
		}
		creds := aws.Credentials{AccessKeyID: m[1], SecretAccessKey: "secret/key+", SessionToken: r.Header.Get("X-Amz-Security-Token")}
		if err := v4.NewSigner().SignHTTP(t.Context(), creds, req, hex.EncodeToString(sum[:]), "execute-api", m[3], when); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		want := req.Header.Get("Authorization")
		seen = append(seen, r.URL.RequestURI())
		if want != r.Header.Get("Authorization") {
			t.Errorf("signature differs for %s %s:\nclient: %s\ngo:     %s", r.Method, r.URL.RequestURI(), r.Header.Get("Authorization"), want)
			http.Error(w, `{"message":"signature mismatch"}`, 403)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":1}`)
	}))
	defer srv.Close()

	files := generate(t, load(t, apps["typed"]), sdkgen.JavaScript)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "apigClient.js"), files["apigClient.js"], 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
const { apigClientFactory } = require(process.argv[1]);
const c = apigClientFactory.newClient({
  endpoint: process.argv[2], accessKey: "AKIDEXAMPLE", secretKey: "secret/key+",
  sessionToken: "tok=en", region: "us-west-2", now: () => new Date("2024-05-06T07:08:09Z"),
});
(async () => {
  const a = await c.iamGet();
  const b = await c.iamGet({}, undefined, { queryParams: { b: "2", a: ["x y", "(1)"] } });
  console.log(JSON.stringify([a.data, b.data]));
})().catch((e) => { console.log("error", e.status, e.message); process.exit(1); });
`
	out, err := exec.Command("node", "-e", script, filepath.Join(dir, "apigClient.js"), srv.URL).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != `[{"ok":1},{"ok":1}]` {
		t.Fatalf("node: %v\n%s", err, out)
	}
	if len(seen) != 2 {
		t.Errorf("server saw %v", seen)
	}
}
