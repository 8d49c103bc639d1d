#!/usr/bin/env bash
# The full crash-safety proof (the test suite runs the short form, 20 kills):
# SIGKILL the store's writer KILLS times (default 250) at random moments
# (20-400 ms into each run), reopen the store after each kill and check that
# every acknowledged save is there and the indexes are consistent.
#   bash .ci/stress.sh                 # 250 kills, seed 1
#   KILLS=1000 SEED=7 bash .ci/stress.sh
# Ends with "kills: N, acknowledged saves: M, lost: 0, index problems: 0";
# exits non-zero on any loss.
set -euo pipefail
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
kills="${KILLS:-250}"
seed="${SEED:-1}"
cargo build --release --locked -p portfolio-durability --bin lp-stress
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
target/release/lp-stress run --kills "$kills" --seed "$seed" --data-dir "$work"
echo "==> stress: $kills kills in $(( $(date +%s) - started )) s"
