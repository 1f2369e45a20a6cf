package awsdeploy

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
)

// Independent resources (functions; then function URLs, log groups, event
// sources and the REST, HTTP and websocket APIs) are converged concurrently, at
// most Workers at a time. What stays sequential and why:
//   - calls on one resource: each task runs its resource's steps in order;
//   - tasks that touch the same function's resource policy or the same
//     bucket's notification configuration (read-modify-write): they share a
//     lane (keys), and a lane runs its tasks one after another in plan order;
//   - the state file: every record is written under one mutex, whole
//     (temp file + rename), the moment a resource's ID is known;
//   - the output: each task prints into its own buffer, and the buffers are
//     written out in plan order as soon as every earlier task has finished,
//     so the lines read as a sequential deploy's do.
//
// The first error wins: no further task starts, the running ones finish
// (recording what they created) and Deploy returns that error.

// defaultWorkers bounds the concurrent converging tasks.
const defaultWorkers = 4

func (d *Deployer) workers() int {
	if d.Workers > 0 {
		return d.Workers
	}
	return defaultWorkers
}

// task converges one resource; keys name what it shares with other tasks
// (function names, buckets).
type task struct {
	keys []string
	run  func(ctx context.Context, d *Deployer) error
}

// permissionKeys are the lane keys of the functions perms are on.
func permissionKeys(perms []*plan.Permission) []string {
	var keys []string
	for _, p := range perms {
		keys = append(keys, "fn:"+p.Function)
	}
	return keys
}

// runTasks runs tasks as described above.
func (d *Deployer) runTasks(ctx context.Context, tasks []task) error {
	lanes := laneOf(tasks)
	bufs := make([]bytes.Buffer, len(tasks))
	done := make([]bool, len(tasks))
	next := 0
	var outMu sync.Mutex
	finish := func(i int) {
		outMu.Lock()
		defer outMu.Unlock()
		done[i] = true
		for next < len(tasks) && done[next] {
			if d.Out != nil {
				d.Out.Write(bufs[next].Bytes())
			}
			next++
		}
	}
	var failed atomic.Bool
	var g errgroup.Group
	g.SetLimit(d.workers())
	for _, lane := range lanes {
		g.Go(func() error {
			for _, i := range lane {
				if failed.Load() {
					return nil
				}
				td := *d
				td.Out = &bufs[i]
				err := tasks[i].run(ctx, &td)
				finish(i)
				if err != nil {
					failed.Store(true)
					return err
				}
			}
			return nil
		})
	}
	err := g.Wait()
	for i := range tasks { // the tasks not run after a failure
		if !done[i] {
			finish(i)
		}
	}
	return err
}

// laneOf groups the tasks that share a key (transitively) into lanes, each
// in plan order; lanes are ordered by their first task.
func laneOf(tasks []task) [][]int {
	parent := make([]int, len(tasks))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	owner := map[string]int{}
	for i, t := range tasks {
		for _, k := range t.keys {
			if j, ok := owner[k]; ok {
				a, b := find(i), find(j)
				parent[max(a, b)] = min(a, b)
			} else {
				owner[k] = i
			}
		}
	}
	var lanes [][]int
	at := map[int]int{}
	for i := range tasks {
		r := find(i)
		l, ok := at[r]
		if !ok {
			l = len(lanes)
			at[r] = l
			lanes = append(lanes, nil)
		}
		lanes[l] = append(lanes[l], i)
	}
	return lanes
}

// shared serialises the state, its file and the references among the
// tasks.
type shared struct {
	mu sync.Mutex
}

// lookup returns a copy of the recorded resource of the given type and
// name.
func (d *Deployer) lookup(st *state.State, typ, name string) (state.Resource, bool) {
	d.sh.mu.Lock()
	defer d.sh.mu.Unlock()
	if r := st.Get(name); r != nil && (typ == "" || r.Type == typ) {
		return *r, true
	}
	return state.Resource{}, false
}

// planOrder puts the records in the order of a sequential deploy (the
// plan's), whatever order concurrent tasks finished in, so the state file
// is the same for the same app and delete goes newest first by plan.
func (d *Deployer) planOrder(st *state.State, p *plan.Plan) error {
	var names []string
	for _, r := range p.Roles {
		names = append(names, r.StateName)
	}
	for _, f := range p.Functions {
		names = append(names, f.Logical)
	}
	for _, u := range p.FunctionURLs {
		names = append(names, u.StateName)
	}
	for _, e := range p.Events {
		names = append(names, e.Base().StateName)
	}
	if p.RestAPI != nil {
		names = append(names, restAPIName)
		if cd := p.RestAPI.CustomDomain; cd != nil {
			names = append(names, cd.StateName)
		}
	}
	if p.HTTPAPI != nil {
		names = append(names, httpAPIName)
		if cd := p.HTTPAPI.CustomDomain; cd != nil {
			names = append(names, cd.StateName)
		}
	}
	if p.WebsocketAPI != nil {
		names = append(names, websocketAPIName)
		if cd := p.WebsocketAPI.CustomDomain; cd != nil {
			names = append(names, cd.StateName)
		}
	}
	rank := func(r state.Resource) int {
		if i := slices.Index(names, r.Name); i >= 0 {
			return i
		}
		return len(names) // kept where they are, after the planned ones
	}
	d.sh.mu.Lock()
	defer d.sh.mu.Unlock()
	if slices.IsSortedFunc(st.Resources, func(a, b state.Resource) int { return cmp.Compare(rank(a), rank(b)) }) {
		return nil
	}
	slices.SortStableFunc(st.Resources, func(a, b state.Resource) int { return cmp.Compare(rank(a), rank(b)) })
	return d.save(st)
}
