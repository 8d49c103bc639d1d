#!/usr/bin/env bash
# .ci/fuzz.sh TARGET SECONDS: coverage-guided fuzzing of one parser with AFL++
# (cargo-afl on stable Rust; nightly, and so cargo fuzz, is not needed), for a
# fixed time. TARGET is one of `portfolio-fuzz`'s targets (`.ci/fuzz.sh list`)
# or `all` (each target for SECONDS in turn). Prints execs/s, paths (corpus
# size), edge coverage and crashes from AFL++'s fuzzer_stats; exits 1 when a
# crash or hang was saved (in target/fuzz/TARGET/out/default/crashes/).
#
# Builds the instrumented binary once (in target/afl/; AFL_OPT_LEVEL=1 builds faster); the seeds are
# made by the binary itself (`fuzz seeds`), plus the crate's regression inputs.
# Installs cargo-afl from crates.io when it is missing and builds AFL++ with it.
set -euo pipefail
source "$(dirname "$0")/deps.sh"
cd "$lp_root"

target="${1:-}"
seconds="${2:-60}"
if [ -z "$target" ]; then
  echo "usage: .ci/fuzz.sh TARGET|all|list SECONDS" >&2
  exit 2
fi
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"

if ! cargo afl --version >/dev/null 2>&1; then
  echo "==> installing cargo-afl (crates.io)"
  cargo install --locked cargo-afl
fi
# AFL++ itself, built once by cargo-afl into its data folder.
if ! { cargo afl fuzz -h 2>&1 || true; } | grep "afl-fuzz" >/dev/null; then
  echo "==> building AFL++ (cargo afl config --build)"
  cargo afl config --build --force
fi

# cargo-afl sets -C opt-level=$AFL_OPT_LEVEL (default 3), codegen-units=1,
# debug assertions and overflow checks for every crate through RUSTFLAGS; the
# dev profile is used so that the release profile's LTO does not slow the
# (one-job) build further. Its own target folder keeps the normal builds.
export CARGO_TARGET_DIR="$lp_root/target/afl"
echo "==> building the instrumented fuzz binary ($CARGO_TARGET_DIR, opt-level ${AFL_OPT_LEVEL:-3})"
cargo afl build --locked -q -p portfolio-fuzz --features afl --bin fuzz
bin="$CARGO_TARGET_DIR/debug/fuzz"

if [ "$target" = list ]; then
  "$bin" list
  exit 0
fi
if [ "$target" = all ]; then
  status=0
  for t in $("$bin" list); do bash "$0" "$t" "$seconds" || status=1; done
  exit $status
fi

work="$lp_root/target/fuzz/$target"
rm -rf "$work"
mkdir -p "$work"
"$bin" seeds "$work/seeds" "$target"
mkdir -p "$work/in"
cp "$work/seeds/$target"/* "$work/in/"
for f in src-tauri/crates/portfolio-fuzz/tests/regressions/"$target"-*.bin; do
  [ -e "$f" ] && cp "$f" "$work/in/"
done

# The coverage map's size, as the binary reports it (AFL++ refuses to start without it).
AFL_MAP_SIZE="$(AFL_DUMP_MAP_SIZE=1 "$bin" "$target" || true)"  # it exits 255 after printing
export AFL_MAP_SIZE
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1
export AFL_SKIP_CRASHES=1 AFL_FAST_CAL=1
# -t: a generous timeout (ms) per input (the badge verifier canonicalises RDF;
# media imports encode derivatives); -V: run for SECONDS then stop.
echo "==> fuzzing $target for $seconds s (AFL_MAP_SIZE=$AFL_MAP_SIZE)"
cargo afl fuzz -V "$seconds" -t "${FUZZ_TIMEOUT_MS:-5000}" -i "$work/in" -o "$work/out" -- "$bin" "$target" \
  > "$work/afl.log" 2>&1 || { tail -n 30 "$work/afl.log" >&2; exit 1; }

stats="$work/out/default/fuzzer_stats"
val() { sed -n "s/^$1 *: *//p" "$stats"; }
crashes="$(val saved_crashes)"
hangs="$(val saved_hangs)"
printf "%-16s %6s s  execs %9s  execs/s %8s  paths %5s  coverage %7s  crashes %s  hangs %s\n" \
  "$target" "$(val run_time)" "$(val execs_done)" "$(val execs_per_sec)" "$(val corpus_count)" \
  "$(val bitmap_cvg)" "$crashes" "$hangs"
if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
  ls "$work/out/default/crashes" "$work/out/default/hangs" >&2
  exit 1
fi
