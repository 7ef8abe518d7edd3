# Backprop Playground — every command a developer or CI needs.
# `just serve` starts the playground, `just test` runs every test; both install what is missing.

set shell := ["bash", "-euo", "pipefail", "-c"]

trunk_version := "0.21.14"
bindgen_version := "0.2.130"
just_version := "1.59.0"
# binaryen's wasm-opt as a native program: the `wasm-opt` crate 0.116.1 builds binaryen 116,
# whose `wasm-opt --version` trunk reads as `version_116` (Trunk.toml's pin).
wasm_opt_crate := "0.116.1"
wasm_opt_pin := "version_116"
wasm_opt_version := "wasm-opt version 116 (" + wasm_opt_pin + ")"

export PATH := env("HOME", "/root") + "/.cargo/bin:" + env("PATH")

# List the recipes.
default:
    @just --list

# Install what is missing, at pinned versions (idempotent; nothing is downloaded twice).
setup:
    #!/usr/bin/env bash
    set -euo pipefail
    rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
    # From Debian's packages (also on Ubuntu and Debian's other kin), what is missing of: a C++
    # compiler (wasm-opt is built from binaryen's C++), Chromium and its driver for the browser
    # tests, a Japanese font so that screenshots of the Japanese page show text, not empty
    # boxes, and NumPy. Elsewhere they are installed by hand (README: "Start").
    pkgs=()
    command -v c++ >/dev/null || pkgs+=(g++)
    { command -v chromium && command -v chromedriver; } >/dev/null || pkgs+=(chromium chromium-driver)
    [ -n "$(fc-list :lang=ja 2>/dev/null)" ] || pkgs+=(fonts-ipafont-gothic)
    # NumPy for the tests that run exported scripts (`backprop python`, the page's Export as
    # Python), for /usr/bin/python3 (a python3 earlier on the PATH, such as a pyenv shim, may
    # not have it; the tests try /usr/bin/python3 first).
    { /usr/bin/python3 -c "import numpy" || python3 -c "import numpy"; } 2>/dev/null || pkgs+=(python3-numpy)
    if [ ${#pkgs[@]} -gt 0 ]; then
        if command -v apt-get >/dev/null; then
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
        else
            echo "setup: no apt-get here; install by hand (Debian's names): ${pkgs[*]}" >&2
        fi
    fi
    # trunk and wasm-bindgen are built unoptimised and without debug info (`--debug`,
    # CARGO_PROFILE_DEV_DEBUG=0): they only drive cargo and rewrite one small wasm file, and on
    # 2 cores that halves their build.
    export CARGO_PROFILE_DEV_DEBUG=0
    if [ "$(trunk --version 2>/dev/null)" != "trunk {{trunk_version}}" ]; then
        cargo install --debug --locked trunk --version {{trunk_version}}
    fi
    if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen {{bindgen_version}}" ]; then
        # Not --locked: its lock file wants a crate version the registry does not serve.
        cargo install --debug --force wasm-bindgen-cli --version {{bindgen_version}}
    fi
    # wasm-opt into the cargo bin folder, where plain `trunk build --release` finds it on the
    # PATH. A release build (the optimiser itself must be fast) without DWARF support (trunk
    # never asks for debug info). It compiles binaryen's C++, the longest step of a first run:
    # 17 min of CPU, about 9 min on 2 idle cores.
    if [ "$("$HOME/.cargo/bin/wasm-opt" --version 2>/dev/null)" != "{{wasm_opt_version}}" ]; then
        cargo install --locked --force --no-default-features wasm-opt --version {{wasm_opt_crate}}
    fi
    # Also where trunk looks when another wasm-opt comes first on the PATH: its tool cache.
    trunk_cache="${XDG_CACHE_HOME:-$HOME/.cache}/trunk"
    if [ "$(uname)" = Darwin ]; then trunk_cache="$HOME/Library/Caches/dev.trunkrs.trunk"; fi
    mkdir -p "$trunk_cache/wasm-opt-{{wasm_opt_pin}}/bin"
    ln -sf "$HOME/.cargo/bin/wasm-opt" "$trunk_cache/wasm-opt-{{wasm_opt_pin}}/bin/wasm-opt"
    if [ -f tests/e2e/package.json ] && { [ ! -x tests/e2e/node_modules/.bin/wasm-as ] || [ ! -f tests/e2e/node_modules/axe-core/axe.min.js ]; }; then
        npm ci --prefix tests/e2e --no-audit --no-fund
    fi

# Serve the playground at http://127.0.0.1:8080 (a release build; reload by hand)
serve: setup
    trunk serve

# Release build of the page into dist/ (offline, wasm-opt included).
build: setup
    cargo fetch --target wasm32-unknown-unknown
    trunk build --release --offline

# The PATH holds the cargo bin folder and the system's folders, nothing of the project's, and
# the build goes to target/trunk-plain (dist/ stays as `just build` left it).
# Plain `trunk build --release` as a user runs it: fails if trunk would have to download a tool.
trunk-plain: setup
    env PATH="$HOME/.cargo/bin:/usr/local/bin:/usr/bin:/bin" trunk build --release --dist target/trunk-plain

# Every test: native (unit, integration, doc, CLI), wasm (node + headless Chromium), browser e2e.
test: setup
    cargo test --workspace
    if [ -d crates/backprop-wasm ]; then just test-wasm; fi
    if [ -f tests/e2e/package.json ]; then just test-e2e; fi

# The wasm binding's tests: tests/node.rs under node, tests/browser.rs in headless Chromium.
test-wasm:
    CHROMEDRIVER=/usr/bin/chromedriver cargo test -p backprop-wasm -p backprop-extra-wasm --target wasm32-unknown-unknown

# Browser end-to-end tests in real Chromium, against a release build.
test-e2e: build
    node --test --test-concurrency=1 tests/e2e/

# Benchmarks: the named configurations, natively (criterion) and in wasm.
bench:
    cargo bench -p backprop --bench core
    if [ -f tests/e2e/bench.mjs ]; then just build && node tests/e2e/bench.mjs; fi
    just lighthouse

# The soak (not part of `just test`; 10 minutes, SOAK_MINUTES=n for another length): the page
# used in Chromium, training, drawing, links, Back, the inspector, reloads, with the wasm
# memory, the JS heap and the DOM's nodes sampled every 30 s; fails if they grow (tests/e2e/soak.mjs).
soak: build
    node tests/e2e/soak.mjs

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
    cargo clippy -p backprop-wasm -p backprop-extra-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings
    RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet
