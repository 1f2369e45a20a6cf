package model

import "strings"

// PathCaptures returns the names captured by a route path, in order:
// "/a/{x}/b/{rest+}" gives ["x", "rest"].
func PathCaptures(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
			out = append(out, strings.TrimSuffix(seg[1:len(seg)-1], "+"))
		}
	}
	return out
}

// DefaultBinaryTypes are the content types API Gateway treats as binary
// unless the app changes the list.
var DefaultBinaryTypes = []string{
	"application/octet-stream", "application/x-tar", "application/zip",
	"audio/basic", "audio/ogg", "audio/mp4", "audio/mpeg", "audio/wav",
	"audio/webm", "image/png", "image/jpg", "image/jpeg", "image/gif",
	"video/ogg", "video/mpeg", "video/webm",
}
