#!/usr/bin/env bash
# THE test command (README): installs what the tests need, then runs every
# test: UI type check and unit tests, Rust unit/integration tests, IPC tests
# through tauri::test, the CLI tests, and end-to-end tests of the real app
# (tauri-driver + WebKitWebDriver under Xvfb and a private D-Bus session).
# Ends with one line "tests: N passed, N failed".
set -euo pipefail
source "$(dirname "$0")/deps.sh"
cd "$lp_root"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
started=$(date +%s)

lp_apt "${LP_BUILD_PACKAGES[@]}" "${LP_TEST_PACKAGES[@]}"
lp_rust
lp_node
lp_ui_deps
lp_tauri_driver
lp_python_test_deps

echo "==> UI: type check, unit tests, production build"
(cd ui && npm run --silent check)
(cd ui && npm test --silent) 2>&1 | tee -a "$log"
(cd ui && npm run --silent build)

echo "==> Rust: every crate's tests, IPC tests and end-to-end tests of the real app"
export NO_AT_BRIDGE=1
export WEBKIT_DISABLE_COMPOSITING_MODE=1
export LP_SCREENSHOTS="${LP_SCREENSHOTS:-$lp_root/target/e2e-screenshots}"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test --workspace --locked --no-fail-fast -- --include-ignored 2>&1 | tee -a "$log"

echo "==> TypeScript bindings are current"
if [ -n "$(git status --porcelain -- ui/src/lib/bindings 2>/dev/null)" ]; then
  git status --porcelain -- ui/src/lib/bindings
  echo "The TypeScript bindings generated from the Rust types differ from the committed ones: commit ui/src/lib/bindings." >&2
  exit 1
fi

# Totals for the closing line (colour codes stripped; a count that is absent is 0).
plain="$(sed 's/\x1b\[[0-9;]*m//g' "$log")"
passed=$( { grep -Eo 'test result: ok\. [0-9]+ passed' <<<"$plain" || true; } | awk '{s+=$4} END {print s+0}')
failed=$( { grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed; [0-9]+ failed' <<<"$plain" || true; } | awk '{s+=$6} END {print s+0}')
ui_passed=$( { grep -Eo 'Tests +[0-9]+ passed' <<<"$plain" || true; } | awk '{s+=$2} END {print s+0}')
echo "==> all tests ran in $(( $(date +%s) - started )) s"
echo "tests: $((passed + ui_passed)) passed, ${failed} failed"
