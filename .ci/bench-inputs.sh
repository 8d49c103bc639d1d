#!/usr/bin/env bash
# The largest legitimate inputs, through the release binaries, each in a fresh
# data folder: peak memory (maximum resident set size from /usr/bin/time -v,
# i.e. getrusage of the child) and wall time. Prints figures; asserts nothing
# about time. Inputs are generated here, in a temporary folder, never committed.
#  - `add experiences --json-file` of a 100 MB JSON array (peer: python3
#    json.load of the same file, same run);
#  - `media import` of 200 photos of 4032x3024 (noisy JPEGs of about 9.5 MB: harder than real photos) onto
#    one experience;
#  - an exhibition packet of about 650 pages (an exhibition holds at most 500
#    items: 460 experiences of 15 paragraphs and 10 photos; `render_bench`'s
#    workload, without Chromium).
# ADD_MB=, PHOTOS=, PACKET_EXPERIENCES=, PACKET_PHOTOS=, PACKET_SETS= change the sizes;
# BENCH_PROFILE=dev measures the debug build instead of the release build;
# SKIP_BUILD=1 uses the binaries already built; PARTS="add media render" picks.
set -euo pipefail
source "$(dirname "$0")/deps.sh"
cd "$lp_root"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
add_mb="${ADD_MB:-100}"
photos="${PHOTOS:-200}"
packet_experiences="${PACKET_EXPERIENCES:-460}"
packet_photos="${PACKET_PHOTOS:-10}"
packet_sets="${PACKET_SETS:-5}"
parts=" ${PARTS:-add media render} "

profile="${BENCH_PROFILE:-release}"
dir="$profile"; [ "$profile" = dev ] && dir=debug
if [ -z "${SKIP_BUILD:-}" ]; then
  cargo build --profile "$profile" --locked -q -p learner-portfolio-cli
  cargo build --profile "$profile" --locked -q -p portfolio-documents --example render_bench
fi
cli="$lp_root/target/$dir/learner-portfolio-cli"
echo "(profile: $profile)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# measure LABEL CMD...: runs CMD under /usr/bin/time -v, prints wall time and peak RSS.
measure() {
  local label="$1"; shift
  /usr/bin/time -v -o "$work/time.txt" "$@" > "$work/out.txt" 2> "$work/err.txt" || {
    echo "$label: failed" >&2; cat "$work/err.txt" >&2; tail -n 5 "$work/out.txt" >&2; return 1; }
  local wall peak
  wall="$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")"
  peak="$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$work/time.txt")"
  printf "%-44s wall %9s  peak %6d MB\n" "$label" "$wall" $((peak / 1024))
}

# add DATA_DIR KIND JSON [ARGS...] -> the new record's id (files, not pipes:
# the CLI reads regular files only).
add() {
  local d="$1" kind="$2" body="$3"; shift 3
  printf '%s' "$body" > "$work/one.json"
  "$cli" --data-dir "$d" --json add "$kind" "$@" --json-file "$work/one.json" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)[0]; print(r["meta"]["id"] if "meta" in r else r["id"])'
}
learner() { add "$1" learner '{"name":"Bench Learner"}'; }

if [[ "$parts" == *" add "* ]]; then
echo "== add: one ${add_mb} MB JSON array of experiences"
python3 - "$work/exps.json" "$add_mb" <<'PY'
import json, sys, datetime
path, mb = sys.argv[1], int(sys.argv[2])
start = datetime.date(2015, 1, 1)
out = open(path, "w")
out.write("[")
size, i = 1, 0
while size < mb * 1_000_000:
    item = json.dumps({"kind": "project", "title": f"Experience {i}", "organisation": f"Org {i % 97}",
        "start_date": (start + datetime.timedelta(days=i % 4000)).isoformat(), "hours": i % 40,
        "description": "Built, tested and presented a prototype. " * 6, "goal_tags": ["communication"]})
    out.write(("," if i else "") + item)
    size += len(item) + 1
    i += 1
out.write("]")
print(i, file=sys.stderr)
PY
count="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/exps.json")"
size_mb="$(( $(stat -c %s "$work/exps.json") / 1000000 ))"
d="$work/add"; lid="$(learner "$d")"
measure "add $count experiences ($size_mb MB)" "$cli" --data-dir "$d" add experiences --learner "$lid" --json-file "$work/exps.json"
measure "peer: python3 json.load of the same file" python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/exps.json"
measure "list --json of the $count experiences" "$cli" --data-dir "$d" --json list experiences --learner "$lid"

fi

if [[ "$parts" == *" media "* ]]; then
echo "== media import: $photos photos of 4032x3024 onto one experience"
mkdir -p "$work/photos"
# One photo-like JPEG (noise over a gradient: it compresses like a photo),
# then copies made distinct by bytes after the end-of-image marker, so each is
# a new file by SHA-256 and is decoded in full.
convert -size 4032x3024 gradient:skyblue-olive -attenuate 0.6 +noise Gaussian -quality 92 "$work/base.jpg"
for i in $(seq -w 1 "$photos"); do
  { cat "$work/base.jpg"; printf 'bench photo %s' "$i"; } > "$work/photos/IMG_$i.jpg"
done
each_mb="$(python3 -c 'import os,sys; print(f"{os.path.getsize(sys.argv[1])/1e6:.2f}")' "$work/base.jpg")"
d="$work/media"; lid="$(learner "$d")"
eid="$(add "$d" experiences '{"kind":"project","title":"Photos","start_date":"2025-01-01"}' --learner "$lid")"
measure "media import $photos photos ($each_mb MB each)" "$cli" --data-dir "$d" media import --learner "$lid" --to "experience:$eid" "$work/photos"/IMG_*.jpg

fi

if [[ "$parts" == *" render "* ]]; then
echo "== render: an exhibition packet of about 650 pages ($packet_experiences experiences, $packet_photos photos)"
measure "render_bench (photo import + 1 render)" "$lp_root/target/$dir/examples/render_bench" \
  --experiences "$packet_experiences" --photos "$packet_photos" --paragraph-sets "$packet_sets" --runs 1 --no-chromium
grep -E '^(workload|photos imported|ours)' "$work/out.txt"
fi
