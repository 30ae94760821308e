#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) each, two at a time.
# Needs a nightly toolchain (rustup) and cargo-fuzz, installed here if missing.
# Crashes land in fuzz/artifacts/<target>/; fix them and keep each as a
# regression test in the crate.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
targets=(article site_toml typography request_path image)
cargo +nightly fuzz build -O
run() {
    mkdir -p "corpus/$1"
    cargo +nightly fuzz run -O "$1" "corpus/$1" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        >"logs/$1.log" 2>&1 && echo "$1: no crash in ${seconds}s ($(grep -o 'Done [0-9]* runs' "logs/$1.log" | tail -1))" \
        || { echo "$1: FAILED, see fuzz/logs/$1.log"; return 1; }
}
mkdir -p logs
status=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
    run "${targets[i]}" & a=$!
    if ((i + 1 < ${#targets[@]})); then
        run "${targets[i+1]}" & b=$!
        wait $b || status=1
    fi
    wait $a || status=1
done
exit $status
