GO ?= go
BIN := bin
# Fuzzing in `make test` is bounded so CI stays fast; raise FUZZTIME locally.
# A count, not a duration: time-limited fuzzing on a loaded machine can fail
# with "context deadline exceeded" (a Go toolchain bug, go.dev/issue/75804).
FUZZTIME ?= 30000x

.PHONY: all build install test test-fresh lint bench demo fuzz clean

all: build

build:
	$(GO) build -o $(BIN)/chalicegen ./cmd/chalicegen
	$(GO) build -o $(BIN)/chalicevet ./cmd/chalicevet

install:
	$(GO) install ./cmd/chalicegen ./cmd/chalicevet

test: build
	$(GO) test -count=1 -skip '^TestFaultInjectionCampaign$$' ./...
	# The deploy fault-injection campaign, verbose for its K table.
	$(GO) test -count=1 -run '^TestFaultInjectionCampaign$$' -v ./deploy/awsdeploy
	cd benchmarks && $(GO) test -count=1 ./...
	$(MAKE) fuzz

# A new machine: new-project and the new project's go generate, go vet and
# go test, run from an empty module cache (the build cache is content
# addressed and stays shared). Nothing may depend on what happens to sit in
# ~/go/pkg/mod; what new-project needs comes through the module proxy.
test-fresh:
	@modcache="$$(mktemp -d)"; \
	trap 'chmod -R u+w "$$modcache"; rm -rf "$$modcache"' EXIT; \
	GOMODCACHE="$$modcache" GOFLAGS="$$GOFLAGS -modcacherw" \
		$(GO) test -count=1 -run '^TestNewProjectEndToEnd$$' -v ./cmd/chalicegen

fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzParseDirective -fuzztime=$(FUZZTIME) ./analyzer/directive
	$(GO) test -run='^$$' -fuzz=FuzzDecodeEvent -fuzztime=$(FUZZTIME) ./runtime
	$(GO) test -run='^$$' -fuzz=FuzzDecodeJSON -fuzztime=$(FUZZTIME) ./runtime
	$(GO) test -run='^$$' -fuzz=FuzzParseEventSpans -fuzztime=$(FUZZTIME) ./runtime
	$(GO) test -run='^$$' -fuzz=FuzzParseEvents -fuzztime=$(FUZZTIME) .

lint:
	$(GO) vet ./...
	$(GO) vet -tags chalice_local ./runtime/...
	cd benchmarks && $(GO) vet ./...
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./runtime/...
	GOEXPERIMENT=jsonv2 $(GO) test -run='^$$' -bench=ParseEventJSONText -benchmem ./runtime
	cd benchmarks && $(GO) test -run='^$$' -bench=. -benchmem ./...
	cd benchmarks && $(GO) run ./load
	$(GO) test -run='^$$' -bench=. -benchtime=5x ./policy
	$(GO) test -run='^$$' -bench=. -benchtime=1x ./deploy/packaging
	$(GO) test -run='^$$' -bench=PackageTemplate -benchtime=6x ./cmd/chalicegen
	# Deploy on moto: first deploy and no-op redeploy with their AWS calls.
	$(GO) test -run='^$$' -bench=BenchmarkDeployMoto -benchtime=3x ./cmd/chalicegen
	$(GO) test -run='^$$' -bench=BenchmarkNoopRedeployExamples -benchtime=3x ./cmd/chalicegen

demo: build
	rm -rf .demo && mkdir -p .demo
	cd .demo && ../$(BIN)/chalicegen new-project hello
	cd .demo/hello && ../../$(BIN)/chalicegen local --port 8000

clean:
	rm -rf $(BIN) .demo
