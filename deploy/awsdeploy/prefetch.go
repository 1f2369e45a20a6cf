package awsdeploy

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/chalice-go/chalice/deploy/plan"
)

// Independent reads a deploy needs are made concurrently up front; the
// converging steps then run in their fixed order (so output, state writes
// and mutating calls stay sequential and deterministic) and take the
// prefetched answer instead of asking again. Each answer is used once.

// readers bounds the concurrent reads.
const readers = 8

type fnRead struct {
	fn   *lambda.GetFunctionOutput
	err  error
	conc *lambda.GetFunctionConcurrencyOutput
	cerr error
}

// prefetchFunctions reads every planned function and its reserved
// concurrency concurrently.
func (d *Deployer) prefetchFunctions(ctx context.Context, fns []*plan.Function) {
	d.fnReads = map[string]*fnRead{}
	var mu sync.Mutex
	parallel(len(fns), func(i int) {
		name := fns[i].Name
		r := &fnRead{}
		r.fn, r.err = d.Clients.Lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name)})
		if r.err == nil {
			r.conc, r.cerr = d.Clients.Lambda.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String(name)})
		}
		mu.Lock()
		d.fnReads[name] = r
		mu.Unlock()
	})
}

// getFunction is GetFunction, answered from the prefetch when it holds it.
func (d *Deployer) getFunction(ctx context.Context, name string) (*lambda.GetFunctionOutput, error) {
	if r := d.fnReads[name]; r != nil && r.fn != nil || r != nil && r.err != nil {
		out, err := r.fn, r.err
		r.fn, r.err = nil, nil
		return out, err
	}
	return d.Clients.Lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name)})
}

// getConcurrency is GetFunctionConcurrency, answered from the prefetch
// when it holds it (only for functions that existed before the deploy
// and were not changed since).
func (d *Deployer) getConcurrency(ctx context.Context, name string) (*lambda.GetFunctionConcurrencyOutput, error) {
	if r := d.fnReads[name]; r != nil && (r.conc != nil || r.cerr != nil) {
		out, err := r.conc, r.cerr
		r.conc, r.cerr = nil, nil
		return out, err
	}
	return d.Clients.Lambda.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String(name)})
}

// parallel runs f(0..n-1) on at most readers goroutines.
func parallel(n int, f func(i int)) {
	sem := make(chan struct{}, readers)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			f(i)
		}()
	}
	wg.Wait()
}

type methodKey struct{ resID, method string }

type methodRead struct {
	out *apigateway.GetMethodOutput
	err error
}

// prefetchMethods reads, concurrently, every method the plan has on a
// resource that already exists (syncResources compares each).
func (d *Deployer) prefetchMethods(ctx context.Context, apiID string, api *plan.RestAPI, live map[string]*liveResource) {
	var keys []methodKey
	for _, r := range api.Resources {
		if lr := live[r.Path]; lr != nil {
			for _, m := range r.Methods {
				if lr.methods[m.HTTPMethod] {
					keys = append(keys, methodKey{lr.id, m.HTTPMethod})
				}
			}
		}
	}
	reads := make([]methodRead, len(keys))
	parallel(len(keys), func(i int) {
		reads[i].out, reads[i].err = d.Clients.APIGateway.GetMethod(ctx, &apigateway.GetMethodInput{
			RestApiId: aws.String(apiID), ResourceId: aws.String(keys[i].resID), HttpMethod: aws.String(keys[i].method),
		})
	})
	d.methodReads = map[methodKey]*methodRead{}
	for i, k := range keys {
		d.methodReads[k] = &reads[i]
	}
}

// getMethod is GetMethod, answered from the prefetch when it holds it.
func (d *Deployer) getMethod(ctx context.Context, apiID, resID, method string) (*apigateway.GetMethodOutput, error) {
	k := methodKey{resID, method}
	if r := d.methodReads[k]; r != nil {
		delete(d.methodReads, k)
		return r.out, r.err
	}
	return d.Clients.APIGateway.GetMethod(ctx, &apigateway.GetMethodInput{RestApiId: aws.String(apiID), ResourceId: aws.String(resID), HttpMethod: aws.String(method)})
}
