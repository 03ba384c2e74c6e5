#!/usr/bin/env bash
# The crash loops, long: the server killed (SIGKILL) under 8 concurrent API writers; the same
# writers while PostgreSQL is stopped in immediate mode (a cluster of the test's own, needs
# Debian's postgresql server and root for runuser); an import and a backup killed at random
# moments. ROUNDS rounds each; CI runs 2–4 rounds of the same tests.
#   bench/crash.sh [ROUNDS] [TEST-FILTER]   (default 200, every loop)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/bvctnb-target}"
echo "# $(date -u +%F) $(nproc) cores, rounds=${1:-200}"
BVCTNB_CRASH_ROUNDS="${1:-200}" cargo test -q -p bvctnb --test crash --test crash_jobs -- --nocapture --test-threads 1 ${2:-} 2>&1 \
  | grep -E "round [0-9]+:|backups finished|test result|panicked|assertion|^test " | tail -n 40
