#!/usr/bin/env bash
# Installs what firstvalue's build and tests need, skipping what is already there.
# Everything comes from the package registries (rustup, crates.io, npm, Debian).
#   scripts/setup.sh build   rust wasm target, wasm-bindgen-cli (pinned to Cargo.lock), npm tools
#   scripts/setup.sh test    the above, plus Debian's chromium, chromium-driver, firefox-esr,
#                            webkit2gtk-driver, xvfb, wpewebkit-driver and cog: the e2e
#                            suite's three engines, and one below the baseline
#   scripts/setup.sh react   the React example's npm packages (after make build)
#   scripts/setup.sh frameworks   the Vue, Svelte, Next.js and Angular apps' npm packages (after make build)
#   scripts/setup.sh sql     DuckDB and lifelines for Python (PyPI, pinned): the SQL/CLI agreement
#                            test and the survival statistics' reference
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-build}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# The wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli, exactly the wasm-bindgen version in Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock 2>/dev/null || true)
if [ -z "$want" ]; then
  cargo generate-lockfile >/dev/null 2>&1 || true
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "cargo install wasm-bindgen-cli --version $want (a few minutes, once)"
  # Not --locked: its lockfile pins a webpki-roots release the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$want"
fi

# npm tools from the committed lockfile: wasm-opt (binaryen), playwright-core, axe-core, ajv, tsc.
stamp=tests/node_modules/.firstvalue-lock
if [ ! -f "$stamp" ] || ! cmp -s tests/package-lock.json "$stamp"; then
  say "npm ci --prefix tests"
  npm ci --prefix tests --no-audit --no-fund
  cp tests/package-lock.json "$stamp"
fi

# The React example's packages (its own lockfile). Needs pkg/ built first: it depends on it
# as a folder (file:../../pkg), as a team trying a local build would.
if [ "$what" = react ]; then
  stamp=www/react/node_modules/.firstvalue-lock
  if [ ! -f "$stamp" ] || ! cmp -s www/react/package-lock.json "$stamp"; then
    say "npm ci --prefix www/react"
    npm ci --prefix www/react --no-audit --no-fund
    cp www/react/package-lock.json "$stamp"
  fi
  exit 0
fi

# The Vue and Svelte apps', the Next.js app's and the Angular app's packages (each its own lockfile), after
# make build like React's.
if [ "$what" = frameworks ]; then
  for app in www/frameworks www/next www/angular; do
    stamp=$app/node_modules/.firstvalue-lock
    if [ ! -f "$stamp" ] || ! cmp -s $app/package-lock.json "$stamp"; then
      say "npm ci --prefix $app"
      npm ci --prefix $app --no-audit --no-fund
      cp $app/package-lock.json "$stamp"
    fi
  done
  exit 0
fi

# DuckDB, embedded, from PyPI: runs the report's SQL in `make test` (tests/sql/agree.py);
# lifelines, the reference the report's survival statistics are checked against
# (tests/sql/survival.py).
DUCKDB_VERSION=1.4.4
LIFELINES_VERSION=0.30.3
if [ "$what" = sql ]; then
  if ! python3 -c "import duckdb, sys; sys.exit(duckdb.__version__ != '$DUCKDB_VERSION')" 2>/dev/null; then
    say "pip install duckdb==$DUCKDB_VERSION"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "duckdb==$DUCKDB_VERSION"
  fi
  if ! python3 -c "import lifelines, sys; sys.exit(lifelines.__version__ != '$LIFELINES_VERSION')" 2>/dev/null; then
    say "pip install lifelines==$LIFELINES_VERSION"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "lifelines==$LIFELINES_VERSION"
  fi
  exit 0
fi

# The three engines of the end-to-end suite: Chromium (+ its driver for the browser tests),
# Firefox ESR (puppeteer-core drives it over WebDriver BiDi) and WebKitGTK, Safari's engine
# (WebKitWebDriver starts MiniBrowser; it needs an X display, so Xvfb); and WPE WebKit 2.38
# (cog), an engine below the supported ones, where init() must refuse cleanly.
if [ "$what" = test ]; then
  missing=""
  for need in /usr/bin/chromium:chromium /usr/bin/chromedriver:chromium-driver /usr/bin/firefox-esr:firefox-esr \
      /usr/bin/WebKitWebDriver:webkit2gtk-driver /usr/bin/xvfb-run:xvfb /usr/bin/xauth:xauth \
      /usr/bin/WPEWebDriver:wpewebkit-driver /usr/bin/cog:cog; do
    [ -x "${need%%:*}" ] || missing="$missing ${need#*:}"
  done
  if [ -n "$missing" ]; then
    say "apt-get install$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086 # one word per package
    apt-get install -y -qq $missing >/dev/null
  fi
fi
