# firstvalue — the two commands a newcomer needs:
#   make demo   build everything and serve the demo host app on http://127.0.0.1:8080
#   make test   install what tests need, then run every test
# Also: make build (pkg/), make check (fmt + clippy), make bench, make size-parts, make soak,
# make clean.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PORT ?= 8080
FUZZ_SECONDS ?= 60
export CHROMEDRIVER ?= /usr/bin/chromedriver
WASM := --target wasm32-unknown-unknown

.PHONY: all setup setup-test build demo test check test-host test-browser test-types test-react test-frameworks test-sql test-e2e bench size-parts soak clean fuzz

all: build

setup:
	@scripts/setup.sh build

setup-test:
	@scripts/setup.sh test

build: setup
	@scripts/build.sh

demo: build
	@node scripts/serve.mjs $(PORT)

check:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy $(WASM) --lib --tests -- -D warnings
	cargo clippy $(WASM) --lib --no-default-features -- -D warnings

test-host:
	cargo test --all-targets
	cargo test --doc

test-browser:
	cargo test $(WASM) --test browser

test-types:
	tests/node_modules/.bin/tsc -p tests/ts
	tests/node_modules/.bin/tsc -p tests/ts/tsconfig.es2022.json

# The React example (www/react): installed from its lockfile, type-checked and built with
# Vite (the e2e tests drive the build and the dev server), and its Vitest + jsdom test.
test-react:
	@scripts/setup.sh react
	npm --prefix www/react run --silent build
	npm --prefix www/react test --silent

# The Vue 3 and Svelte 5 apps (www/frameworks: one Vite project, a page each), the Next.js
# App Router app (www/next, a static export) and the Angular 21 app (www/angular), installed
# from their lockfiles and built; tests/e2e/frameworks.test.mjs drives the builds (and ng serve).
test-frameworks:
	@scripts/setup.sh frameworks
	npm --prefix www/frameworks run --silent build
	npm --prefix www/next run --silent build
	npm --prefix www/angular run --silent build

# The report's SQL on DuckDB gives the CLI's figures on the same simulated events; lifelines
# still computes what tests/host/lifelines.json (the survival statistics' fixture) says.
test-sql:
	@scripts/setup.sh sql
	python3 tests/sql/agree.py
	python3 tests/sql/survival.py

test-e2e:
	cd tests && node --test --test-reporter=spec --test-concurrency=1 e2e/

test: setup-test
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory test-host
	@$(MAKE) --no-print-directory test-sql
	@$(MAKE) --no-print-directory test-browser
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory test-types
	@$(MAKE) --no-print-directory test-react
	@$(MAKE) --no-print-directory test-frameworks
	@$(MAKE) --no-print-directory test-e2e

fuzz:
	@scripts/fuzz.sh $(FUZZ_SECONDS)

bench: build
	@scripts/bench.sh

# What each part of the wasm costs in the download (also printed by make bench).
size-parts: setup-test build
	@scripts/size-parts.sh

# The host-robustness races at full strength: 100 trials of two tabs finishing the
# deciding step at once, and the goal-timer race (make test runs 8).
soak: setup-test build
	cd tests && RACE_TRIALS=100 node --test --test-reporter=spec --test-concurrency=1 e2e/hosts.test.mjs

clean:
	cargo clean
	rm -rf pkg tests/node_modules tests/e2e/screenshots www/react/node_modules www/react/dist \
		www/frameworks/node_modules www/frameworks/dist www/next/node_modules www/next/out www/next/.next \
		www/angular/node_modules www/angular/dist www/angular/.angular
