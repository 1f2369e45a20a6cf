package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
)

// Storage keeps the chat's state. Every connection is a partition (PK is
// the connection id) holding "property_value" sort keys: username_{name}
// and, while in a room, room_{room}.
type Storage interface {
	// CreateConnection records a new connection without a username.
	CreateConnection(ctx context.Context, connectionID string) error
	// SetUsername replaces the connection's username.
	SetUsername(ctx context.Context, connectionID, oldName, username string) error
	// ListRooms returns the rooms someone is in, sorted.
	ListRooms(ctx context.Context) ([]string, error)
	// SetRoom puts the connection in room.
	SetRoom(ctx context.Context, connectionID, room string) error
	// RemoveRoom takes the connection out of room.
	RemoveRoom(ctx context.Context, connectionID, room string) error
	// ConnectionIDsByRoom returns the connections in room, sorted.
	ConnectionIDsByRoom(ctx context.Context, room string) ([]string, error)
	// DeleteConnection forgets everything about the connection.
	DeleteConnection(ctx context.Context, connectionID string) error
	// RecordByConnection returns the connection's properties
	// ("username", "room").
	RecordByConnection(ctx context.Context, connectionID string) (map[string]string, error)
}

var (
	storageMu sync.Mutex
	store     Storage // tests set it; DynamoDB otherwise
)

// storage returns the app's storage: the DynamoDB table named by $TABLE.
// Without a table outside Lambda (chalicegen local, no AWS account) the
// state is kept in memory, which one local process can share; inside
// Lambda, where each instance has its own memory, no table is an error.
func storage(ctx context.Context) (Storage, error) {
	storageMu.Lock()
	defer storageMu.Unlock()
	if store == nil {
		table := os.Getenv("TABLE")
		if table == "" && os.Getenv("AWS_LAMBDA_RUNTIME_API") == "" {
			// Printed whatever the app's log level: the state is lost
			// with the process.
			fmt.Fprintln(os.Stderr, "TABLE is not set: the chat's state is kept in memory")
			store = NewMemoryStorage()
			return store, nil
		}
		st, err := NewDynamoStorage(ctx, table)
		if err != nil {
			return nil, err
		}
		store = st
	}
	return store, nil
}

// MemoryStorage is Storage in memory, for tests and local runs.
type MemoryStorage struct {
	mu    sync.Mutex
	items map[string]map[string]bool // PK -> set of SK
}

// NewMemoryStorage returns an empty MemoryStorage.
func NewMemoryStorage() *MemoryStorage {
	return &MemoryStorage{items: map[string]map[string]bool{}}
}

func (m *MemoryStorage) put(pk, sk string) {
	if m.items[pk] == nil {
		m.items[pk] = map[string]bool{}
	}
	m.items[pk][sk] = true
}

func (m *MemoryStorage) CreateConnection(ctx context.Context, connectionID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.put(connectionID, "username_")
	return nil
}

func (m *MemoryStorage) SetUsername(ctx context.Context, connectionID, oldName, username string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.items[connectionID], "username_"+oldName)
	m.put(connectionID, "username_"+username)
	return nil
}

func (m *MemoryStorage) ListRooms(ctx context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var rooms []string
	for _, sks := range m.items {
		for sk := range sks {
			if room, ok := strings.CutPrefix(sk, "room_"); ok {
				rooms = append(rooms, room)
			}
		}
	}
	slices.Sort(rooms)
	return slices.Compact(rooms), nil
}

func (m *MemoryStorage) SetRoom(ctx context.Context, connectionID, room string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.put(connectionID, "room_"+room)
	return nil
}

func (m *MemoryStorage) RemoveRoom(ctx context.Context, connectionID, room string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.items[connectionID], "room_"+room)
	return nil
}

func (m *MemoryStorage) ConnectionIDsByRoom(ctx context.Context, room string) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ids []string
	for pk, sks := range m.items {
		if sks["room_"+room] {
			ids = append(ids, pk)
		}
	}
	slices.Sort(ids)
	return ids, nil
}

func (m *MemoryStorage) DeleteConnection(ctx context.Context, connectionID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.items, connectionID)
	return nil
}

func (m *MemoryStorage) RecordByConnection(ctx context.Context, connectionID string) (map[string]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	rec := map[string]string{}
	for sk := range m.items[connectionID] {
		if k, v, ok := strings.Cut(sk, "_"); ok {
			rec[k] = v
		}
	}
	return rec, nil
}
