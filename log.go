package chalice

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
)

var (
	logLevel   = new(slog.LevelVar)
	logMu      sync.Mutex
	logName              = "app"
	logOut     io.Writer = os.Stdout
	baseLogger *slog.Logger
)

func init() {
	logLevel.Set(slog.LevelError)
	baseLogger = slog.New(&lineHandler{})
}

// SetLogLevel changes the level of the app logger (ERROR by default, DEBUG
// when the app is built with //chalice:app debug).
func SetLogLevel(l slog.Level) { logLevel.Set(l) }

// ConfigureLogger names the app in log lines and sets where they go. The
// generated code calls it; apps rarely need to.
func ConfigureLogger(appName string, w io.Writer) {
	logMu.Lock()
	defer logMu.Unlock()
	logName = appName
	if w != nil {
		logOut = w
	}
}

// Logger returns the app logger. Lines read "<app> - LEVEL - message".
func Logger(ctx context.Context) *slog.Logger { return baseLogger }

// lineHandler formats records as the spec's "name - LEVEL - message" lines,
// followed by any attributes as key=value.
type lineHandler struct {
	attrs []slog.Attr
	group string
}

func (h *lineHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= logLevel.Level() }

func (h *lineHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	logMu.Lock()
	name, out := logName, logOut
	logMu.Unlock()
	b.WriteString(name)
	b.WriteString(" - ")
	b.WriteString(levelName(r.Level))
	b.WriteString(" - ")
	b.WriteString(r.Message)
	write := func(a slog.Attr) bool {
		b.WriteByte(' ')
		if h.group != "" {
			b.WriteString(h.group + ".")
		}
		b.WriteString(a.Key)
		b.WriteByte('=')
		b.WriteString(a.Value.String())
		return true
	}
	for _, a := range h.attrs {
		write(a)
	}
	r.Attrs(write)
	b.WriteByte('\n')
	logMu.Lock()
	defer logMu.Unlock()
	_, err := io.WriteString(out, b.String())
	return err
}

func (h *lineHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &lineHandler{attrs: append(append([]slog.Attr{}, h.attrs...), as...), group: h.group}
}

func (h *lineHandler) WithGroup(name string) slog.Handler {
	g := name
	if h.group != "" {
		g = h.group + "." + name
	}
	return &lineHandler{attrs: h.attrs, group: g}
}

func levelName(l slog.Level) string {
	switch {
	case l >= slog.LevelError:
		return "ERROR"
	case l >= slog.LevelWarn:
		return "WARNING"
	case l >= slog.LevelInfo:
		return "INFO"
	default:
		return "DEBUG"
	}
}
