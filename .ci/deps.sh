#!/usr/bin/env bash
# Installs what building, running and testing Learner Portfolio needs on
# Debian 12 / Ubuntu 22.04+. Idempotent: installs only what is missing.
# Sourced by setup-and-run.sh and test.sh.
set -euo pipefail

lp_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

lp_sudo() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

lp_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> apt: installing ${missing[*]}"
    lp_sudo apt-get update -q
    lp_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# Build: Tauri v2 on Linux (WebKitGTK 4.1).
LP_BUILD_PACKAGES=(build-essential pkg-config curl file libssl-dev libwebkit2gtk-4.1-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev)
# Tests: headless X, D-Bus session, WebKit's WebDriver, screenshots, PDF tools, fonts.
LP_TEST_PACKAGES=(xvfb xauth dbus dbus-x11 at-spi2-core webkit2gtk-driver imagemagick poppler-utils fonts-dejavu-core fonts-noto-core fonts-noto-cjk xdotool python3-gi gir1.2-gtk-3.0)

lp_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "==> Rust is missing: installing the stable toolchain with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
}

lp_node() {
  # Vite 8 needs Node.js 20.19+ (or 22.12+).
  local ok=0
  if command -v node >/dev/null 2>&1; then
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)||(a===20&&b>=19)||(a>20&&a!==21)?0:1)' && ok=1
  fi
  if [ $ok -eq 0 ]; then
    lp_apt nodejs npm
    if ! node -e 'process.exit(Number(process.versions.node.split(".")[0])>=20?0:1)'; then
      echo "==> Debian's Node.js is too old for Vite 8: installing Node.js 22 from the npm registry"
      lp_sudo npm install -g node@22
      hash -r
    fi
  fi
}

lp_ui_deps() {
  # npm ci only when package-lock.json changed since the last install.
  local stamp="$lp_root/ui/node_modules/.lp-lock-hash"
  local want
  want="$(sha256sum "$lp_root/ui/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "==> npm ci (ui/)"
    (cd "$lp_root/ui" && npm ci --no-audit --no-fund)
    echo "$want" > "$stamp"
  fi
}

lp_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    echo "==> cargo install tauri-driver"
    cargo install tauri-driver --locked --version '^2'
  fi
}

lp_python_test_deps() {
  # The independent Open Badges 3.0 verifier used by portfolio-badges' tests.
  if ! python3 -c 'import pyld, cryptography' >/dev/null 2>&1; then
    echo "==> pip: pyld and cryptography (independent badge verification)"
    local pkgs=('pyld==2.0.4' 'cryptography==48.0.0')
    python3 -m pip --version >/dev/null 2>&1 || lp_apt python3-pip
    python3 -m pip install --quiet --disable-pip-version-check "${pkgs[@]}" \
      || python3 -m pip install --quiet --disable-pip-version-check --user --break-system-packages "${pkgs[@]}"
  fi
}
