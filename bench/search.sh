#!/usr/bin/env bash
# Search's cost, side by side with the Pagefind CLI (the way Hugo users add
# search: indexing the built site after the build).
#
#   bench/search.sh                   # 1,000 and 10,000 pairs, 3 runs each
#   RUNS=5 SIZES="1000" bench/search.sh
#
# On tmpfs (/dev/shm) by default: this machine's disk is erratic. For each
# size, alternated RUNS times: a clean `gazette build` without search, one
# with search (the same site with `[search] enabled = true`, the default),
# and the Pagefind CLI (npm package `pagefind`, the version of the crate)
# indexing the output of the build without search. Prints a Markdown table
# (median wall time, CPU, peak memory, index files and bytes per language),
# then, at 1,000 pairs, how long `gazette serve` takes from saving an
# article to serving an index that has it. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
SIZES="${SIZES:-1000 10000}"
WORK="${BENCH_DIR:-/dev/shm/gazette-search-bench}"
mkdir -p "$WORK"

[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
PAGEFIND_VERSION=$(awk '/^name = "pagefind"$/ {getline; gsub(/[^0-9.]/, ""); print}' Cargo.lock)
if ! [ -d "$WORK/npm/node_modules/pagefind" ]; then
    npm install --silent --prefix "$WORK/npm" "pagefind@$PAGEFIND_VERSION" >&2
fi
# The binary inside the package, not the Node wrapper that starts it.
PAGEFIND=$(find "$WORK/npm/node_modules/@pagefind" -type f -name 'pagefind*' -perm -u+x ! -name '*.*' | sort | tail -1)
cargo build --release --locked --bin gazette --example gen_site --example serve_latency >&2
GAZETTE=target/release/gazette

# measure CMD... -> "seconds cpu_seconds peak_kb"
measure() {
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" \
        || { cat "$WORK/stderr.txt" >&2; exit 1; }
    awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$WORK/time.txt"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# index DIR -> "fr: N files, M KB; en: ..." for each language of the index
index_files() {
    local dir=$1/pagefind out="" lang
    for lang in $(find "$dir" -name '*.pf_meta' | sed -E 's/.*pagefind\.([a-z-]+)_.*/\1/' | sort -u); do
        local n bytes
        n=$(find "$dir" -type f -name "*${lang}_*" | wc -l)
        bytes=$(find "$dir" -type f -name "*${lang}_*" -printf '%s\n' | awk '{s += $1} END {print s}')
        out="$out${out:+; }$lang: $n files, $((bytes / 1024)) KB"
    done
    echo "$out; all: $(find "$dir" -type f | wc -l) files"
}

row() { printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); Pagefind CLI $("$PAGEFIND" --version | awk '{print $2}'); work folder $WORK ($(df --output=fstype "$WORK" | tail -1)); $RUNS runs each, medians"
echo
row "Pairs" "Run" "Wall (s)" "+ over the build" "CPU (s)" "Peak memory (MB)" "Index"
row "---" "---" "---" "---" "---" "---" "---"

SERVE_LINE=""
for n in $SIZES; do
    on="$WORK/on$n" off="$WORK/off$n"
    rm -rf "$on" "$off"
    target/release/examples/gen_site --pairs "$n" --out "$on" >/dev/null
    cp -r "$on" "$off"
    printf '\n[search]\nenabled = false\n' >> "$off/site.toml"
    declare -a b_t=() b_c=() b_m=() s_t=() s_c=() s_m=() p_t=() p_c=() p_m=()
    for _ in $(seq "$RUNS"); do
        rm -rf "$WORK/out-off"
        read -r t c m < <(measure "$GAZETTE" build --root "$off" --output "$WORK/out-off")
        b_t+=("$t"); b_c+=("$c"); b_m+=("$m")
        rm -rf "$WORK/out-on"
        read -r t c m < <(measure "$GAZETTE" build --root "$on" --output "$WORK/out-on")
        s_t+=("$t"); s_c+=("$c"); s_m+=("$m")
        rm -rf "$WORK/out-off/pagefind"
        read -r t c m < <(measure "$PAGEFIND" --site "$WORK/out-off")
        p_t+=("$t"); p_c+=("$c"); p_m+=("$m")
    done
    med() { printf '%s\n' "$@" | median; }
    bt=$(med "${b_t[@]}"); st=$(med "${s_t[@]}"); pt=$(med "${p_t[@]}")
    row "$n" "gazette build, search off" "$bt" "" "$(med "${b_c[@]}")" "$(( $(med "${b_m[@]}") / 1024 ))" "none"
    row "$n" "gazette build, search on" "$st" \
        "$(echo "$st $bt" | awk '{printf "+%.2f s (+%.0f%%)", $1 - $2, 100 * ($1 - $2) / $2}')" \
        "$(med "${s_c[@]}")" "$(( $(med "${s_m[@]}") / 1024 ))" "$(index_files "$WORK/out-on")"
    row "$n" "Pagefind CLI on the built site" "$pt" \
        "$(echo "$pt $bt" | awk '{printf "+%.2f s (+%.0f%%) after the build", $1, 100 * $1 / $2}')" \
        "$(med "${p_c[@]}")" "$(( $(med "${p_m[@]}") / 1024 ))" "$(index_files "$WORK/out-off")"
    if [ "$n" = 1000 ]; then
        SERVE_LINE=$(target/release/examples/serve_latency --root "$on" --edits 5 --search)
    fi
done
echo
[ -n "$SERVE_LINE" ] && printf 'gazette serve, 1,000 pairs, one article saved 5 times:\n%s\n' "$SERVE_LINE"
