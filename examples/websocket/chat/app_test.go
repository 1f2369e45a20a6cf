package main

import (
	"reflect"
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

// chat drives the app as API Gateway would, with an in-memory store and the
// websocket recorder in place of DynamoDB and the Management API.
type chat struct {
	t  *testing.T
	c  *chalicetest.Client
	ws *chalicetest.WebsocketRecorder
	st *MemoryStorage
}

func newChat(t *testing.T) *chat {
	st := NewMemoryStorage()
	storageMu.Lock()
	old := store
	store = st
	storageMu.Unlock()
	t.Cleanup(func() { storageMu.Lock(); store = old; storageMu.Unlock() })
	return &chat{t: t, c: chalicetest.New(chaliceApp()), ws: chalicetest.NewWebsocketRecorder(t), st: st}
}

func (c *chat) invoke(name string, payload []byte) {
	c.t.Helper()
	res, err := c.c.Invoke(c.t, name, payload)
	if err != nil || string(res) != `{"statusCode":200}` {
		c.t.Fatalf("%s: %s, %v", name, res, err)
	}
}

func (c *chat) connect(id string) {
	c.t.Helper()
	c.invoke("websocket_connect", chalicetest.WebsocketConnect(id))
}
func (c *chat) disconnect(id string) {
	c.t.Helper()
	c.invoke("websocket_disconnect", chalicetest.WebsocketDisconnect(id))
}

// say sends msg from id and returns what every connection received.
func (c *chat) say(id, msg string) map[string][]string {
	c.t.Helper()
	c.ws.Reset()
	c.invoke("websocket_message", chalicetest.WebsocketMessage(id, msg))
	got := map[string][]string{}
	for _, m := range c.ws.Sent() {
		got[m.ConnectionID] = append(got[m.ConnectionID], m.Message)
	}
	return got
}

func (c *chat) expect(id, msg string, want map[string][]string) {
	c.t.Helper()
	got := c.say(id, msg)
	if !reflect.DeepEqual(got, want) {
		c.t.Errorf("%s says %q:\n got  %q\n want %q", id, msg, got, want)
	}
}

const (
	john  = "c1-john"
	jenny = "c2-jenny"
)

// The two wsdump sessions of the spec's chat tutorial, interleaved.
func TestChatTranscript(t *testing.T) {
	c := newChat(t)
	c.connect(john)
	c.connect(jenny)

	c.expect(john, "John", map[string][]string{john: {"Using nickname: John\nType /help for list of commands."}})
	c.expect(jenny, "Jenny", map[string][]string{jenny: {"Using nickname: Jenny\nType /help for list of commands."}})
	c.expect(john, "/help", map[string][]string{john: {helpText}})
	c.expect(jenny, "/help", map[string][]string{jenny: {helpText}})
	c.expect(john, "/join chalice", map[string][]string{john: {`Joined chat room "chalice"`}})
	c.expect(jenny, "/join chalice", map[string][]string{
		jenny: {`Joined chat room "chalice"`},
		john:  {"Jenny joined room."},
	})
	c.expect(jenny, "/ls", map[string][]string{jenny: {"John\nJenny"}})
	c.expect(john, "Hi", map[string][]string{john: {"John: Hi"}, jenny: {"John: Hi"}})
	c.expect(jenny, "/nick JennyJones", map[string][]string{
		jenny: {"Nickname is: JennyJones"},
		john:  {"Jenny is now known as JennyJones."},
	})
	c.expect(john, "/quit", map[string][]string{
		john:  {`Left chat room "chalice"`},
		jenny: {"John left room."},
	})
	c.expect(john, "/ls", map[string][]string{john: {"chalice"}})
	c.expect(jenny, "/ls", map[string][]string{jenny: {"JennyJones"}})
	c.expect(jenny, "/room", map[string][]string{jenny: {"chalice"}})
	c.expect(jenny, "/nick", map[string][]string{jenny: {"Current nickname: JennyJones"}})

	// Ctrl-D: the disconnect handler forgets the connection.
	c.disconnect(jenny)
	if rec, _ := c.st.RecordByConnection(t.Context(), jenny); len(rec) != 0 {
		t.Errorf("record after disconnect: %v", rec)
	}
	c.expect(john, "/ls", map[string][]string{john: {""}})
}

func TestChatCommandsOutsideARoom(t *testing.T) {
	c := newChat(t)
	c.connect("a")
	c.say("a", "Ann")
	c.expect("a", "hello?", map[string][]string{"a": {"Cannot send message if not in chatroom."}})
	c.expect("a", "/room", map[string][]string{"a": {"Not currently in a room. Type /join {room_name} to do so."}})
	c.expect("a", "/dance", map[string][]string{"a": {"Unknown command: dance"}})
	c.expect("a", "/join", map[string][]string{"a": {"Usage: /join {chat_room_name}"}})
	c.expect("a", "/quit", map[string][]string{})
}

// A member whose connection is gone without a $disconnect is dropped from
// the store on the first failed send.
func TestGoneConnectionIsForgotten(t *testing.T) {
	c := newChat(t)
	for _, id := range []string{"a", "b"} {
		c.connect(id)
	}
	c.say("a", "Ann")
	c.say("b", "Bob")
	c.say("a", "/join lobby")
	c.say("b", "/join lobby")
	c.ws.Disconnect("b")
	c.expect("a", "anyone?", map[string][]string{"a": {"Ann: anyone?"}})
	ids, _ := c.st.ConnectionIDsByRoom(t.Context(), "lobby")
	if !reflect.DeepEqual(ids, []string{"a"}) {
		t.Errorf("lobby = %q", ids)
	}
}

func TestSwitchingRooms(t *testing.T) {
	c := newChat(t)
	for _, id := range []string{"a", "b", "c"} {
		c.connect(id)
	}
	c.say("a", "Ann")
	c.say("b", "Bob")
	c.say("c", "Cid")
	c.say("a", "/join red")
	c.say("b", "/join red")
	c.say("c", "/join blue")
	c.expect("a", "/join blue", map[string][]string{
		"a": {`Left chat room "red"`, `Joined chat room "blue"`},
		"b": {"Ann left room."},
		"c": {"Ann joined room."},
	})
	c.expect("b", "/ls", map[string][]string{"b": {"Bob"}})
	c.expect("b", "/quit", map[string][]string{"b": {`Left chat room "red"`}})
	c.expect("b", "/ls", map[string][]string{"b": {"blue"}})
}
