package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/chalice-go/chalice"
)

// Sender sends messages over websockets.
type Sender struct {
	storage Storage
}

// Send sends message to the connection. A connection that is gone is
// deleted from the storage instead.
func (s *Sender) Send(ctx context.Context, connectionID, message string) error {
	err := chalice.WebsocketSend(ctx, connectionID, message)
	var gone *chalice.WebsocketDisconnectedError
	if errors.As(err, &gone) {
		return s.storage.DeleteConnection(ctx, gone.ConnectionID)
	}
	return err
}

// Broadcast sends message to every connection.
func (s *Sender) Broadcast(ctx context.Context, connectionIDs []string, message string) error {
	var errs []error
	for _, id := range connectionIDs {
		errs = append(errs, s.Send(ctx, id, message))
	}
	return errors.Join(errs...)
}

// Handler implements the chat: the first message of a connection is its
// nickname; then lines starting with / are commands and the others are
// said in the current room.
type Handler struct {
	storage Storage
	sender  *Sender
}

type command func(h *Handler, ctx context.Context, connectionID string, args []string, record map[string]string) error

var commands map[string]command

func init() {
	commands = map[string]command{
		"help": (*Handler).help,
		"nick": (*Handler).nick,
		"join": (*Handler).join,
		"room": (*Handler).room,
		"quit": (*Handler).quit,
		"ls":   (*Handler).list,
	}
}

// Handle is the entry point for a message from a connection.
func (h *Handler) Handle(ctx context.Context, connectionID, message string) error {
	record, err := h.storage.RecordByConnection(ctx, connectionID)
	if err != nil {
		return err
	}
	if record["username"] == "" {
		return h.login(ctx, connectionID, message)
	}
	if cmd, ok := strings.CutPrefix(message, "/"); ok {
		return h.command(ctx, connectionID, cmd, record)
	}
	return h.text(ctx, connectionID, message, record)
}

// login takes the message as the nickname the user wants.
func (h *Handler) login(ctx context.Context, connectionID, message string) error {
	if err := h.storage.SetUsername(ctx, connectionID, "", message); err != nil {
		return err
	}
	return h.sender.Send(ctx, connectionID, fmt.Sprintf("Using nickname: %s\nType /help for list of commands.", message))
}

func (h *Handler) command(ctx context.Context, connectionID, message string, record map[string]string) error {
	args := strings.Split(message, " ")
	name := strings.ToLower(args[0])
	cmd, ok := commands[name]
	if !ok {
		return h.sender.Send(ctx, connectionID, "Unknown command: "+name)
	}
	return cmd(h, ctx, connectionID, args[1:], record)
}

// text says message to everyone in the sender's room, the sender included.
func (h *Handler) text(ctx context.Context, connectionID, message string, record map[string]string) error {
	room, ok := record["room"]
	if !ok {
		return h.sender.Send(ctx, connectionID, "Cannot send message if not in chatroom.")
	}
	ids, err := h.storage.ConnectionIDsByRoom(ctx, room)
	if err != nil {
		return err
	}
	return h.sender.Broadcast(ctx, ids, record["username"]+": "+message)
}

var helpText = strings.Join([]string{
	"Commands available:",
	"    /help",
	"          Display this message.",
	"    /join {chat_room_name}",
	"          Join a chatroom named {chat_room_name}.",
	"    /nick {nickname}",
	"          Change your name to {nickname}. If no {nickname}",
	"          is provided then your current name will be printed",
	"    /room",
	"          Print out the name of the room you are currently ",
	"          in.",
	"    /ls",
	"          If you are in a room, list all users also in the",
	"          room. Otherwise, list all rooms.",
	"    /quit",
	"          Leave current room.",
	"",
	"If you are in a room, raw text messages that do not start ",
	"with a / will be sent to everyone else in the room.",
}, "\n")

func (h *Handler) help(ctx context.Context, connectionID string, _ []string, _ map[string]string) error {
	return h.sender.Send(ctx, connectionID, helpText)
}

// nick reports the nickname, or changes it and tells the room.
func (h *Handler) nick(ctx context.Context, connectionID string, args []string, record map[string]string) error {
	if len(args) == 0 || args[0] == "" {
		return h.sender.Send(ctx, connectionID, "Current nickname: "+record["username"])
	}
	nick := args[0]
	if err := h.storage.SetUsername(ctx, connectionID, record["username"], nick); err != nil {
		return err
	}
	if err := h.sender.Send(ctx, connectionID, "Nickname is: "+nick); err != nil {
		return err
	}
	room := record["room"]
	if room == "" {
		return nil
	}
	ids, err := h.storage.ConnectionIDsByRoom(ctx, room)
	if err != nil {
		return err
	}
	ids = slices.DeleteFunc(ids, func(id string) bool { return id == connectionID })
	return h.sender.Broadcast(ctx, ids, fmt.Sprintf("%s is now known as %s.", record["username"], nick))
}

// join leaves the current room, if any, and enters another.
func (h *Handler) join(ctx context.Context, connectionID string, args []string, record map[string]string) error {
	if len(args) == 0 || args[0] == "" {
		return h.sender.Send(ctx, connectionID, "Usage: /join {chat_room_name}")
	}
	room := args[0]
	if err := h.quit(ctx, connectionID, nil, record); err != nil {
		return err
	}
	ids, err := h.storage.ConnectionIDsByRoom(ctx, room)
	if err != nil {
		return err
	}
	if err := h.storage.SetRoom(ctx, connectionID, room); err != nil {
		return err
	}
	if err := h.sender.Send(ctx, connectionID, "Joined chat room \""+room+"\""); err != nil {
		return err
	}
	return h.sender.Broadcast(ctx, ids, record["username"]+" joined room.")
}

func (h *Handler) room(ctx context.Context, connectionID string, _ []string, record map[string]string) error {
	if room, ok := record["room"]; ok {
		return h.sender.Send(ctx, connectionID, room)
	}
	return h.sender.Send(ctx, connectionID, "Not currently in a room. Type /join {room_name} to do so.")
}

// quit leaves the current room and tells the others in it.
func (h *Handler) quit(ctx context.Context, connectionID string, _ []string, record map[string]string) error {
	room, ok := record["room"]
	if !ok {
		return nil
	}
	if err := h.storage.RemoveRoom(ctx, connectionID, room); err != nil {
		return err
	}
	if err := h.sender.Send(ctx, connectionID, "Left chat room \""+room+"\""); err != nil {
		return err
	}
	ids, err := h.storage.ConnectionIDsByRoom(ctx, room)
	if err != nil {
		return err
	}
	return h.sender.Broadcast(ctx, ids, record["username"]+" left room.")
}

// list names the users in the current room, or the rooms when in none.
func (h *Handler) list(ctx context.Context, connectionID string, _ []string, record map[string]string) error {
	var result []string
	if room, ok := record["room"]; ok {
		ids, err := h.storage.ConnectionIDsByRoom(ctx, room)
		if err != nil {
			return err
		}
		for _, id := range ids {
			rec, err := h.storage.RecordByConnection(ctx, id)
			if err != nil {
				return err
			}
			result = append(result, rec["username"])
		}
	} else {
		rooms, err := h.storage.ListRooms(ctx)
		if err != nil {
			return err
		}
		result = rooms
	}
	return h.sender.Send(ctx, connectionID, strings.Join(result, "\n"))
}
