#!/usr/bin/env bash
# The crash loop, long: the server killed (SIGKILL) under 8 concurrent API writers, ROUNDS
# times, then every answered write must be there and every declaration version must have its
# audit entry. CI runs 3 rounds of the same test.
#   bench/crash.sh [ROUNDS]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/bvctnb-target}"
echo "# $(date -u +%F) $(nproc) cores, rounds=${1:-200}"
BVCTNB_CRASH_ROUNDS="${1:-200}" cargo test -q -p bvctnb --test crash -- --nocapture 2>&1 | grep -E "round [0-9]+:|test result|panicked|assertion" | tail -5
