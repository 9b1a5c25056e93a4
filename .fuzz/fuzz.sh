#!/bin/sh
# Runs one libFuzzer target for SECONDS (BENCHMARKS.md, "Fuzzing"):
#   .fuzz/fuzz.sh fuzz-orders-xml|fuzz-orders-csv|fuzz-catalog|fuzz-statement SECONDS [libFuzzer flags...]
# Builds it in release with address sanitizer in .build-fuzz (apart from the normal build), seeds
# .build-fuzz/corpus/TARGET from Fixtures/ and writes findings to .build-fuzz/artifacts/TARGET/.
set -eu
cd "$(dirname "$0")/.."
target=${1:?usage: .fuzz/fuzz.sh fuzz-orders-xml|fuzz-orders-csv|fuzz-catalog|fuzz-statement SECONDS [libFuzzer flags...]}
seconds=${2:?usage: .fuzz/fuzz.sh fuzz-orders-xml|fuzz-orders-csv|fuzz-catalog|fuzz-statement SECONDS [libFuzzer flags...]}
shift 2
case $target in
    fuzz-orders-xml) seeds=$(find Fixtures/requests Fixtures/drops -name '*.xml') ;;
    fuzz-orders-csv) seeds=$(find Fixtures/requests Fixtures/drops -name '*.csv') ;;
    fuzz-catalog) seeds=$(find Fixtures/catalog -name '*.xml') ;;
    # Both statement forms: one input goes through the camt.053 and the CSV reader.
    fuzz-statement) seeds=$(find Fixtures/statements -name '*.xml' -o -name '*.csv') ;;
    *) echo "unknown target '$target'" >&2; exit 64 ;;
esac
# -D FUZZING: FuzzSupport hands main to libFuzzer's driver; lld: gold fails on the sanitizer's objects.
swift build -c release --product "$target" --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
corpus=.build-fuzz/corpus/$target
artifacts=.build-fuzz/artifacts/$target/
mkdir -p "$corpus" "$artifacts"
for seed in $seeds; do cp "$seed" "$corpus/seed-$(basename "$seed")"; done
# A 64 KiB input holds thousands of requests; 10 s for one is a slow input (a finding), as is 2 GB.
exec .build-fuzz/release/"$target" "$corpus" -max_total_time="$seconds" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts" -print_final_stats=1 "$@"
