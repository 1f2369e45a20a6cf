package main

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/chalicetest"
)

// memStore is an in-memory bucket: the tests never call S3.
type memStore struct {
	mu      sync.Mutex
	objects map[string][]byte
	types   map[string]string
}

func (m *memStore) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.objects[bucket+"/"+key]
	if !ok {
		return nil, errors.New("NoSuchKey")
	}
	return b, nil
}

func (m *memStore) Put(ctx context.Context, bucket, key string, data []byte, contentType string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.objects[bucket+"/"+key] = data
	m.types[bucket+"/"+key] = contentType
	return nil
}

func useMemStore(t *testing.T) *memStore {
	m := &memStore{objects: map[string][]byte{}, types: map[string]string{}}
	storeMu.Lock()
	old := store
	store = m
	storeMu.Unlock()
	t.Cleanup(func() { storeMu.Lock(); store = old; storeMu.Unlock() })
	return m
}

func pngOf(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, 0, color.RGBA{R: 255, A: 255})
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

func TestThumbnailIsWritten(t *testing.T) {
	m := useMemStore(t)
	m.objects["mybucket-name/uploads/summer photo.png"] = pngOf(400, 200)
	c := chalicetest.New(chaliceApp())
	// S3 sends the key URL-encoded ("uploads/summer+photo.png"); the
	// handler gets it decoded.
	if _, err := c.Invoke(t, "handle_s3_event", chalicetest.S3Event("mybucket-name", "uploads/summer photo.png")); err != nil {
		t.Fatal(err)
	}
	thumb, ok := m.objects["mybucket-name/thumbnails/summer photo.png"]
	if !ok {
		t.Fatalf("no thumbnail; objects: %v", keys(m))
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(thumb))
	if err != nil || format != "png" || cfg.Width != 128 || cfg.Height != 64 {
		t.Errorf("thumbnail %dx%d %s, %v", cfg.Width, cfg.Height, format, err)
	}
	if m.types["mybucket-name/thumbnails/summer photo.png"] != "image/png" {
		t.Errorf("content type %q", m.types["mybucket-name/thumbnails/summer photo.png"])
	}
}

func TestSmallImagesKeepTheirSize(t *testing.T) {
	m := useMemStore(t)
	m.objects["mybucket-name/uploads/icon.png"] = pngOf(16, 40)
	c := chalicetest.New(chaliceApp())
	if _, err := c.Invoke(t, "handle_s3_event", chalicetest.S3Event("mybucket-name", "uploads/icon.png")); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(m.objects["mybucket-name/thumbnails/icon.png"]))
	if err != nil || cfg.Width != 16 || cfg.Height != 40 {
		t.Errorf("thumbnail %dx%d, %v", cfg.Width, cfg.Height, err)
	}
}

func TestNotAnImageIsLoggedNotRetried(t *testing.T) {
	var logs bytes.Buffer
	chalice.ConfigureLogger("s3eventdemo", &logs)
	t.Cleanup(func() { chalice.ConfigureLogger("s3eventdemo", os.Stdout) })
	m := useMemStore(t)
	m.objects["mybucket-name/uploads/notes.txt"] = []byte("hello")
	c := chalicetest.New(chaliceApp())
	if _, err := c.Invoke(t, "handle_s3_event", chalicetest.S3Event("mybucket-name", "uploads/notes.txt")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "s3eventdemo - DEBUG - Received event for bucket: mybucket-name, key: uploads/notes.txt") ||
		!strings.Contains(logs.String(), "ERROR - s3://mybucket-name/uploads/notes.txt is not a PNG or JPEG image") {
		t.Errorf("logs:\n%s", logs.String())
	}
	if len(m.objects) != 1 {
		t.Errorf("objects: %v", keys(m))
	}
}

func TestMissingObjectFailsForRetry(t *testing.T) {
	useMemStore(t)
	c := chalicetest.New(chaliceApp())
	if _, err := c.Invoke(t, "handle_s3_event", chalicetest.S3Event("mybucket-name", "uploads/gone.png")); err == nil {
		t.Error("a read failure should fail the invocation so Lambda retries")
	}
}

func TestOtherPrefixesAreIgnored(t *testing.T) {
	m := useMemStore(t)
	c := chalicetest.New(chaliceApp())
	if _, err := c.Invoke(t, "handle_s3_event", chalicetest.S3Event("mybucket-name", "thumbnails/x.png")); err != nil {
		t.Fatal(err)
	}
	if len(m.objects) != 0 {
		t.Errorf("objects: %v", keys(m))
	}
}

func keys(m *memStore) []string {
	var out []string
	for k := range m.objects {
		out = append(out, k)
	}
	return out
}
