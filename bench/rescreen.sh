#!/usr/bin/env bash
# Review-campaign benchmark: `bvctnb rescreen` over the whole tree against its bare baseline,
# streaming every dossier from the same store without evaluating (`bvctnb-bench stream`), in
# the same run, on SQLite and (with BVCTNB_BENCH_PG_URL) on PostgreSQL.
#   bench/rescreen.sh [SCALE] [WORKDIR]   SCALE: province | national | N (default: province)
# Needs a release build (cargo build --release -p bvctnb -p bvctnb-bench). The databases are
# generated once per WORKDIR and scale, then reused (national: ~10 min SQLite, ~20 min PG).
set -euo pipefail
SCALE="${1:-province}"
WORK="${2:-/tmp/bvctnb-rescreen-bench}"
T="${CARGO_TARGET_DIR:-$HOME/.cache/bvctnb-target}/release"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
export BVCTNB_LOG=warn BVCTNB_RULES_DIR="$HERE/rules"
rss() { /usr/bin/time -f "wall_s=%e peak_rss_kib=%M" "$@"; }
mkdir -p "$WORK"
echo "# $(date -u +%F) $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, scale=$SCALE"

dbs=("sqlite://$WORK/sqlite.db")
if [ -n "${BVCTNB_BENCH_PG_URL:-}" ]; then
  dbs+=("${BVCTNB_BENCH_PG_URL%/*}/bvctnb_rescreen")
fi
for db in "${dbs[@]}"; do
  tag="$WORK/$(echo "$db" | cut -d: -f1).scale"
  if [ "$(cat "$tag" 2>/dev/null || true)" != "$SCALE" ]; then
    case "$db" in
      sqlite*) rm -f "$WORK"/sqlite.db* ;;
      *) psql "$BVCTNB_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS bvctnb_rescreen WITH (FORCE)" -c "CREATE DATABASE bvctnb_rescreen" ;;
    esac
    "$T/bvctnb" --database "$db" gen --scale "$SCALE" --seed 1
    echo "$SCALE" > "$tag"
  fi
  echo "## $(echo "$db" | cut -d: -f1)"
  # A database generated before the screening projection existed builds it here, once.
  rss "$T/bvctnb" --database "$db" migrate
  # Baseline: every whole dossier streamed and decoded, nothing evaluated. Ours: the campaign
  # (twice: cold, then with the projection in the page cache).
  rss "$T/bvctnb-bench" stream --database "$db" --scope 1
  rss "$T/bvctnb" --database "$db" rescreen --scope 1 --pack qd-58-2022 --new --by bench
  rss "$T/bvctnb" --database "$db" rescreen --scope 1 --pack qd-58-2022 --new --by bench
done
