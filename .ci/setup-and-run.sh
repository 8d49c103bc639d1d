#!/usr/bin/env bash
# THE set-up-and-run command (README): on a fresh Debian 12 / Ubuntu machine,
# installs what is missing, builds the UI and the app, and launches it.
# Extra arguments go to the app (e.g. --data-dir DIR). Quick when already set up.
set -euo pipefail
source "$(dirname "$0")/deps.sh"
cd "$lp_root"

lp_apt "${LP_BUILD_PACKAGES[@]}"
lp_rust
lp_node
lp_ui_deps

echo "==> building the UI"
(cd ui && npm run --silent build)
echo "==> building the app (release)"
cargo build --release --locked -p learner-portfolio -p learner-portfolio-cli
echo "==> launching Learner Portfolio"
exec ./target/release/learner-portfolio "$@"
