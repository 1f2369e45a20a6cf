// Command s3resizer makes a thumbnail of every image uploaded under
// uploads/ in an existing bucket, in the shape of the spec's S3 events
// example: Chalice merges the notification configuration into the bucket
// and the handler gets the bucket and the URL-decoded key.
//
//chalice:app debug
package main

//go:generate go tool chalicegen

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"path"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/chalice-go/chalice"
)

// ThumbnailSize is the longest side of a thumbnail, in pixels.
const ThumbnailSize = 128

//chalice:on_s3_event bucket=mybucket-name events=s3:ObjectCreated:* prefix=uploads/ name=handle_s3_event
func handleS3Event(ctx context.Context, event chalice.S3Event) error {
	log := chalice.Logger(ctx)
	log.Debug(fmt.Sprintf("Received event for bucket: %s, key: %s", event.Bucket, event.Key))
	name, ok := strings.CutPrefix(event.Key, "uploads/")
	if !ok || name == "" {
		return nil // not ours: the notification filter should not send it
	}
	st, err := objects(ctx)
	if err != nil {
		return err
	}
	data, err := st.Get(ctx, event.Bucket, event.Key)
	if err != nil {
		return fmt.Errorf("reading s3://%s/%s: %w", event.Bucket, event.Key, err)
	}
	thumb, contentType, err := thumbnail(data, ThumbnailSize)
	if err != nil {
		// A file that is not an image is not retried: log it and move on.
		log.Error(fmt.Sprintf("s3://%s/%s is not a PNG or JPEG image: %v", event.Bucket, event.Key, err))
		return nil
	}
	dest := path.Join("thumbnails", name)
	if err := st.Put(ctx, event.Bucket, dest, thumb, contentType); err != nil {
		return fmt.Errorf("writing s3://%s/%s: %w", event.Bucket, dest, err)
	}
	log.Debug(fmt.Sprintf("Wrote s3://%s/%s", event.Bucket, dest))
	return nil
}

// ObjectStore is the part of S3 the handler uses.
type ObjectStore interface {
	Get(ctx context.Context, bucket, key string) ([]byte, error)
	Put(ctx context.Context, bucket, key string, data []byte, contentType string) error
}

var (
	storeMu sync.Mutex
	store   ObjectStore // set by tests; S3 otherwise
)

func objects(ctx context.Context) (ObjectStore, error) {
	storeMu.Lock()
	defer storeMu.Unlock()
	if store == nil {
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return nil, err
		}
		store = s3Store{s3.NewFromConfig(cfg)}
	}
	return store, nil
}

type s3Store struct{ c *s3.Client }

func (s s3Store) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	out, err := s.c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	return io.ReadAll(io.LimitReader(out.Body, 64<<20))
}

func (s s3Store) Put(ctx context.Context, bucket, key string, data []byte, contentType string) error {
	_, err := s.c.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key),
		Body: bytes.NewReader(data), ContentType: aws.String(contentType),
	})
	return err
}

// thumbnail scales a PNG or JPEG image so its longest side is at most
// limit pixels, keeping its format.
func thumbnail(data []byte, limit int) ([]byte, string, error) {
	src, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", err
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > limit || h > limit {
		if w >= h {
			w, h = limit, max(1, h*limit/w)
		} else {
			w, h = max(1, w*limit/h), limit
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dst.Set(x, y, src.At(b.Min.X+x*b.Dx()/w, b.Min.Y+y*b.Dy()/h))
		}
	}
	var out bytes.Buffer
	if format == "jpeg" {
		err = jpeg.Encode(&out, dst, &jpeg.Options{Quality: 85})
		return out.Bytes(), "image/jpeg", err
	}
	err = png.Encode(&out, dst)
	return out.Bytes(), "image/png", err
}
