# Backprop Playground — every command a developer or CI needs.
# `just serve` starts the playground, `just test` runs every test; both install what is missing.

set shell := ["bash", "-euo", "pipefail", "-c"]

trunk_version := "0.21.14"
bindgen_version := "0.2.130"
just_version := "1.59.0"
node_bin := justfile_directory() / "tests/e2e/node_modules/.bin"

export PATH := node_bin + ":" + env("HOME", "/root") + "/.cargo/bin:" + env("PATH")

# List the recipes.
default:
    @just --list

# Install what is missing, at pinned versions (idempotent; nothing is downloaded twice).
setup:
    #!/usr/bin/env bash
    set -euo pipefail
    rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
    # The tools are built unoptimised and without debug info (`--debug`, CARGO_PROFILE_DEV_DEBUG=0):
    # they only drive cargo and rewrite one small wasm file, and on 2 cores that halves the
    # first run (README: "First run").
    export CARGO_PROFILE_DEV_DEBUG=0
    if [ "$(trunk --version 2>/dev/null)" != "trunk {{trunk_version}}" ]; then
        cargo install --debug --locked trunk --version {{trunk_version}}
    fi
    if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen {{bindgen_version}}" ]; then
        # Not --locked: its lock file wants a crate version the registry does not serve.
        cargo install --debug --force wasm-bindgen-cli --version {{bindgen_version}}
    fi
    # Chromium for the browser tests, and a Japanese font so that screenshots of the Japanese
    # page show text, not empty boxes.
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || [ -z "$(fc-list :lang=ja 2>/dev/null)" ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-ipafont-gothic >/dev/null
    fi
    # NumPy for the tests that run exported scripts (`backprop python`, the page's Export as
    # Python): Debian's python3-numpy, for /usr/bin/python3 (a python3 earlier on PATH, such as a
    # pyenv shim, may not have it; the tests try /usr/bin/python3 first).
    if ! /usr/bin/python3 -c "import numpy" 2>/dev/null && ! python3 -c "import numpy" 2>/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy >/dev/null
    fi
    if [ -f tests/e2e/package.json ] && { [ ! -x tests/e2e/node_modules/.bin/wasm-opt ] || [ ! -f tests/e2e/node_modules/axe-core/axe.min.js ]; }; then
        npm ci --prefix tests/e2e --no-audit --no-fund
    fi

# Serve the playground with live reload at http://127.0.0.1:8080
serve: setup
    trunk serve

# Release build of the page into dist/ (offline, wasm-opt included).
build: setup
    cargo fetch --target wasm32-unknown-unknown
    trunk build --release --offline

# Every test: native (unit, integration, doc, CLI), wasm (node + headless Chromium), browser e2e.
test: setup
    cargo test --workspace
    if [ -d crates/backprop-wasm ]; then just test-wasm; fi
    if [ -f tests/e2e/package.json ]; then just test-e2e; fi

# The wasm binding's tests: tests/node.rs under node, tests/browser.rs in headless Chromium.
test-wasm:
    CHROMEDRIVER=/usr/bin/chromedriver cargo test -p backprop-wasm --target wasm32-unknown-unknown

# Browser end-to-end tests in real Chromium, against a release build.
test-e2e: build
    node --test --test-concurrency=1 tests/e2e/

# Benchmarks: the named configurations, natively (criterion) and in wasm.
bench:
    cargo bench -p backprop --bench core
    if [ -f tests/e2e/bench.mjs ]; then just build && node tests/e2e/bench.mjs; fi
    just lighthouse

# Lighthouse (npm, pinned) with Debian's Chromium on the release build: desktop and mobile scores
# and the first second (CLS, LCP, TBT, the longest task); then the load of a 4x-throttled phone
# with every task over 50 ms and what took its time. Installs Lighthouse on first use.
lighthouse: build
    if [ ! -x tests/lighthouse/node_modules/.bin/lighthouse ]; then npm install --prefix tests/lighthouse --no-audit --no-fund; fi
    node tests/lighthouse/run.mjs
    node tests/lighthouse/tasks.mjs

# Formatting and clippy, warnings are errors.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings
    cargo clippy -p backprop-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings
