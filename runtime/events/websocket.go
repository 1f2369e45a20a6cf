package events

import (
	"context"
	"errors"
	"strconv"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/internal/hook"
)

// WebsocketConnect adapts a //chalice:on_ws_connect handler.
//
// The handler's context names the websocket API that invoked it, so
// chalice.WebsocketSend and friends need nothing else. The invocation
// answers {"statusCode":200}, as API Gateway websocket integrations expect.
// A handler error is logged and answered {"statusCode":500} (the status of
// a *chalice.ViewError when it is one: return chalice.ForbiddenError(...)
// from a connect handler to refuse the connection with 403); it is not a
// Lambda error, which API Gateway would turn into an opaque 502.
func WebsocketConnect[H Handler[chalice.WebsocketEvent]](h H, mw ...Middleware) Invoke {
	return websocket("on_ws_connect", normalize[chalice.WebsocketEvent](h), mw)
}

// WebsocketMessage adapts a //chalice:on_ws_message handler, as
// WebsocketConnect does.
func WebsocketMessage[H Handler[chalice.WebsocketEvent]](h H, mw ...Middleware) Invoke {
	return websocket("on_ws_message", normalize[chalice.WebsocketEvent](h), mw)
}

// WebsocketDisconnect adapts a //chalice:on_ws_disconnect handler, as
// WebsocketConnect does.
func WebsocketDisconnect[H Handler[chalice.WebsocketEvent]](h H, mw ...Middleware) Invoke {
	return websocket("on_ws_disconnect", normalize[chalice.WebsocketEvent](h), mw)
}

func websocket(kind string, h func(context.Context, chalice.WebsocketEvent) error, mws []Middleware) Invoke {
	fn := call(h, mws)
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		ev, err := chalice.ParseWebsocketEvent(payload)
		if err != nil {
			logDecode(ctx, kind, err)
			return statusResult(400), nil
		}
		ctx = hook.WithWebsocketEndpoint(ctx, hook.WebsocketEndpoint{DomainName: ev.DomainName, Stage: ev.Stage})
		if _, err := fn(ctx, ev); err != nil {
			logError(ctx, kind, err)
			status := 500
			var ve *chalice.ViewError
			if errors.As(err, &ve) && ve.StatusCode >= 400 && ve.StatusCode <= 599 {
				status = ve.StatusCode
			}
			return statusResult(status), nil
		}
		return statusResult(200), nil
	}
}

func statusResult(code int) []byte {
	return []byte(`{"statusCode":` + strconv.Itoa(code) + `}`)
}
