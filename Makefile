# qikai-map: the two set-up commands are `make serve` and `make test`.
# Every target installs what is missing first (scripts/install-tools.sh).

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true
export TRUNK_OFFLINE := true
export CHROMEDRIVER := /usr/bin/chromedriver
PORT ?= 8080

.PHONY: tools tools-test build serve dev test lint unit wasm-test contract e2e soak size clean fuzz bench dist

tools:
	@scripts/install-tools.sh

tools-test:
	@scripts/install-tools.sh --test

## Release build into dist/ (opt-level z, LTO, wasm-opt -Os from binaryen 132), cut into the
## first view's wasm and the chunks its panels load when first opened (scripts/split_wasm.py).
## A portal's own data built in (no request; its first view drawn from it):
##   make build DATA=path/to/data.geojson ATTRIBUTION="© Our bureau, 2026"   (GeoJSON or CSV)
##              HEADING="吉林市充换电设施|Jilin City charging"   (the map's title, 中文|English)
## The file is checked first (qikai-map-check: its report; a file with nothing to show stops
## the build). `make serve DATA=...` and `make dist DATA=...` build the same way.
PORTAL_ENV := $(if $(DATA),QIKAI_DATA="$(DATA)") $(if $(ATTRIBUTION),QIKAI_ATTRIBUTION="$(ATTRIBUTION)") $(if $(HEADING),QIKAI_HEADING="$(HEADING)")
build: tools
ifneq ($(DATA),)
	cargo run --release --quiet --bin qikai-map-check -- "$(DATA)" || [ $$? -eq 1 ]
endif
	$(PORTAL_ENV) trunk build --release

## Build, then serve the widget with its embedded default data on http://127.0.0.1:$(PORT),
## and the demo host pages (examples/, not part of the release) at /examples/.
serve: build
	python3 scripts/serve.py --port $(PORT)

## The development loop: a debug build on http://127.0.0.1:$(PORT), rebuilt and reloaded in the
## browser on every saved change, under the same strict CSP (Trunk.toml [serve]).
dev: tools
	trunk serve --port $(PORT)

## Everything: format, lints, native tests, browser unit tests, end-to-end tests.
test: tools-test lint unit wasm-test contract e2e
	@echo "make test: all suites passed"

lint:
	python3 scripts/third_party_notices.py --check
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --bins --target wasm32-unknown-unknown -- -D warnings
	@# The release features: packed-data reads target/embedded-data.bin, which the build's
	@# pre-build step writes (Trunk.toml); written here too, so the lint runs on a fresh clone.
	cargo run --quiet --bin qikai-map-prerender -- --embedded target/first-view.html target/first-view-cards target/embedded-data.bin > /dev/null
	cargo clippy --lib --bins --target wasm32-unknown-unknown --features split,fetch-pinyin,packed-data -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features bench -- -D warnings

unit:
	cargo test

wasm-test:
	cargo test --target wasm32-unknown-unknown --test web --test panic_overlay --test web_tiles

## The contracts portals build on: the data schema against the fixtures and the
## loader (schema/), the TypeScript declarations (types/), the release manifest.
contract:
	node --test tests/contract/

e2e: build
	node --test tests/e2e/

## 10,000 seeded random interactions (phone + desktop): memory flat after warm-up, no console error.
## make test runs the same with 500 (tests/e2e/soak.test.mjs). SOAK_SEED=n for another seed.
soak: build
	SOAK_STEPS=10000 node --test tests/e2e/soak.test.mjs

## libFuzzer on the loader, permalink, postMessage and option parsers (not part of make test)
fuzz:
	scripts/fuzz.sh

## The release: target/release-dist/qikai-map-<version>.tar.gz (built files, LICENSE, notices,
## CHANGELOG.md, the data schema, manifest.json with sha384 SRI hashes, printed too).
dist: build
	python3 scripts/dist.py

## Download size of the shipped files (raw, gzip, brotli) -> target/size.json, and what
## the wasm is made of by name (twiggy: top 25 items, per crate) -> target/size-twiggy.txt
size: build
	@scripts/install-tools.sh --size
	python3 scripts/size.py dist target/size.json
	python3 scripts/size_names.py dist target/size-twiggy.txt

## Geo core (wasm, as shipped: opt-level z) vs kdbush/geokdbush/point-in-polygon/supercluster,
## then the shipped widget vs Leaflet (first frame, 256 px pan of 100,000 points), in headless
## Chromium -> target/bench/results.jsonl. BENCH_O3=1 also times an opt-level 3 build.
## Then a phone on mobile data (CPU 4x, slow 4G, brotli, 390x844 touch): the widget vs
## Leaflet and MapLibre GL on the default data, first feature / tap to details / bytes.
## Tiles: 1,000,000 points in a PMTiles archive by range requests: first tiled frame, view
## complete, pan to an unseen area (ms, requests, bytes).
bench: build
	scripts/bench-build.sh
	node tests/bench/run.mjs
	node tests/bench/render.mjs
	node tests/bench/tiles.mjs
	node tests/bench/phone.mjs

clean:
	rm -rf dist target/size.json tests/e2e/screenshots
