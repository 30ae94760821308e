#!/usr/bin/env bash
# Builds the same sites with two gazette binaries and compares the output
# byte for byte: the check for refactors that must not change what is
# published. Sites: this repository's example site (as committed at
# OLD_REF, default HEAD, for the old binary; as in the working tree for the
# new one, so a theme change that keeps the output is allowed), a
# generated site of PAIRS pairs (default 1000) at the root, the same under
# a sub-path, and the same with its sitemap split into parts
# (sitemap_max_urls = 500).
#
#   [OLD_REF=rev] bench/same_output.sh OLD_GAZETTE NEW_GAZETTE [PAIRS]
#
# Work happens on tmpfs (/dev/shm) when it exists. Exits non-zero on any
# difference and prints the differing files.
set -euo pipefail
old=$(realpath "$1"); new=$(realpath "$2"); pairs=${3:-1000}
cd "$(dirname "$0")/.."
base=/dev/shm; [ -d "$base" ] || base=${TMPDIR:-/tmp}
work=$(mktemp -d "$base/gazette-same.XXXXXX")
trap 'rm -rf "$work"' EXIT
cargo build --release --locked --example gen_site -q
./target/release/examples/gen_site --pairs "$pairs" --out "$work/gen" >/dev/null
cp -r "$work/gen" "$work/split"
mkdir "$work/example-old"
git archive "${OLD_REF:-HEAD}" site.toml content themes static | tar -x -C "$work/example-old"
sed -i '1a sitemap_max_urls = 500' "$work/split/site.toml"
status=0
compare() { # name old-root new-root [build args...]
  local name=$1 old_root=$2 new_root=$3; shift 3
  "$old" build --root "$old_root" --output "$work/out-old-$name" "$@" >/dev/null
  "$new" build --root "$new_root" --output "$work/out-new-$name" "$@" >/dev/null
  if diff -r "$work/out-old-$name" "$work/out-new-$name" >"$work/diff-$name"; then
    echo "same: $name ($(find "$work/out-new-$name" -type f | wc -l) files)"
  else
    echo "DIFFERENT: $name"; head -50 "$work/diff-$name"; status=1
  fi
}
compare example "$work/example-old" .
compare example-drafts "$work/example-old" . --drafts
compare generated "$work/gen" "$work/gen"
compare sub-path "$work/gen" "$work/gen" --base-url https://example.org/news/desk/
compare split-sitemap "$work/split" "$work/split"
exit $status
