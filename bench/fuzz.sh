#!/usr/bin/env bash
# The fuzz targets (fuzz/), each for SECS seconds of one core, on nightly with cargo-fuzz
# (`cargo install cargo-fuzz`). New inputs that widen coverage are kept in fuzz/corpus/<target>
# (commit them); a failing input lands in fuzz/artifacts/<target>/: fix the defect, then move
# the input to fuzz/regressions/<target>/ so every CI run replays it
# (crates/fuzzing/tests/replay.rs).
#   bench/fuzz.sh [SECS] [TARGET…]   (default 3600 s, every target)
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$HOME/.cache/bvctnb-fuzz-target}"
secs="${1:-3600}"; shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(jsonl_line declaration_json data_toml api_bodies multipart)
cargo +nightly fuzz build -O --fuzz-dir . >/dev/null
echo "# $(date -u +%FT%TZ) $(nproc) cores, ${secs}s per target"
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  start=$(date +%s)
  status=0
  cargo +nightly fuzz run -O --fuzz-dir . "$t" "corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 >"/tmp/fuzz-$t.log" 2>&1 || status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "/tmp/fuzz-$t.log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "/tmp/fuzz-$t.log" | tail -1 || true)
  echo "$t: $(( $(date +%s) - start )) s, exit $status, $execs runs, $cov, corpus $(ls "corpus/$t" | wc -l), artifacts $(ls "artifacts/$t" | wc -l)"
done
