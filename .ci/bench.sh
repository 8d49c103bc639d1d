#!/usr/bin/env bash
# Benchmarks that print figures (never timed assertions):
#  - CLI `demo` (creates a school year of records, one flush per batch);
#  - CLI listing 10,000 experiences of one learner (text and --json), against a
#    peer measured in the same run: python3 loading the same 10,000 records
#    from one plain JSON file (no store, no index, no decoding envelopes);
#  - app cold start to first paint (release binary under Xvfb; the UI reports
#    its first painted frame through the `app_ready` command).
set -euo pipefail
source "$(dirname "$0")/deps.sh"
cd "$lp_root"
runs="${RUNS:-5}"

[ -n "${SKIP_UI_BUILD:-}" ] || (cd ui && npm run --silent build)
cargo build --release --locked -q -p learner-portfolio -p learner-portfolio-cli
cli="$lp_root/target/release/learner-portfolio-cli"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "== CLI demo (fresh store each run, $runs runs)"
for i in $(seq "$runs"); do
  d="$work/demo$i"; t0=$(ms); "$cli" --data-dir "$d" demo >/dev/null; echo $(( $(ms) - t0 ))
done | median | xargs printf "demo: median %s ms\n"

echo "== 10,000 experiences of one learner"
d="$work/big"
echo '{"name":"Bench Learner"}' > "$work/learner.json"  # a regular file: the CLI refuses pipes
lid=$("$cli" --data-dir "$d" --json add learner --json-file "$work/learner.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
python3 - "$work/exps.json" <<'PY'
import json, sys, datetime
start = datetime.date(2015, 1, 1)
items = [{"kind": "project", "title": f"Experience {i}", "organisation": f"Org {i % 97}",
          "start_date": (start + datetime.timedelta(days=i % 4000)).isoformat(), "hours": i % 40,
          "description": "Built, tested and presented a prototype. " * 4, "goal_tags": ["communication"]}
         for i in range(10000)]
json.dump(items, open(sys.argv[1], "w"))
PY
t0=$(ms); "$cli" --data-dir "$d" add experiences --learner "$lid" --json-file "$work/exps.json" >/dev/null; echo "add 10,000 (one command): $(( $(ms) - t0 )) ms"
"$cli" --data-dir "$d" --json list experiences --learner "$lid" > "$work/listed.json"
for mode in text json; do
  for i in $(seq "$runs"); do
    t0=$(ms)
    if [ $mode = json ]; then "$cli" --data-dir "$d" --json list experiences --learner "$lid" >/dev/null
    else "$cli" --data-dir "$d" list experiences --learner "$lid" >/dev/null; fi
    echo $(( $(ms) - t0 ))
  done | median > "$work/$mode.ms"
done
for i in $(seq "$runs"); do
  t0=$(ms); python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(r))' "$work/listed.json" >/dev/null; echo $(( $(ms) - t0 ))
done | median > "$work/peer.ms"
printf "list 10,000 (text): median %s ms\n" "$(cat "$work/text.ms")"
printf "list 10,000 (--json): median %s ms\n" "$(cat "$work/json.ms")"
printf "peer, python3 json.load of the same 10,000 records: median %s ms\n" "$(cat "$work/peer.ms")"
python3 -c 'import sys; a,b=int(sys.argv[1]),max(1,int(sys.argv[2])); print(f"ratio list(--json)/peer: {a/b:.2f}")' "$(cat "$work/json.ms")" "$(cat "$work/peer.ms")"

echo "== app cold start to first paint (release, Xvfb, $runs runs)"
for i in $(seq "$runs"); do
  NO_AT_BRIDGE=1 LP_BENCH_EXIT_ON_READY=1 LEARNER_PORTFOLIO_DATA_DIR="$work/app$i" \
    timeout 60 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
    "$lp_root/target/release/learner-portfolio" 2>&1 | sed -n 's/^learner-portfolio: first paint after \([0-9]*\) ms.*/\1/p'
done | median | xargs printf "cold start to first paint: median %s ms (process start to the UI's first frame)\n"
