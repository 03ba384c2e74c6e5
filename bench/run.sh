#!/usr/bin/env bash
# Import and search benchmarks, each against its bare baseline in the same run.
#   bench/run.sh [SCALE] [WORKDIR] [PG_SCALE]   SCALE: province | national | N (default: province)
# Needs a release build (cargo build --release -p bvctnb -p bvctnb-bench) and, for the
# PostgreSQL half, BVCTNB_BENCH_PG_URL (an admin URL; databases are created and dropped).
# Disk: a national SQLite database is ~35 GB; phases run one after another and clean up.
set -euo pipefail
SCALE="${1:-province}"
WORK="${2:-/tmp/bvctnb-bench}"
PG_SCALE="${3:-$SCALE}"
T="${CARGO_TARGET_DIR:-$HOME/.cache/bvctnb-target}/release"
mkdir -p "$WORK"
echo "# $(date -u +%F) $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, scale=$SCALE"

rss() { /usr/bin/time -f "wall_s=%e peak_rss_kib=%M" "$@"; }

# SQLite: the producer alone, bare prepared statements, then the store's bulk path.
rm -rf "$WORK"/sqlite*
[ -n "${SKIP_PRODUCE:-}" ] || "$T/bvctnb-bench" import --phase produce --database "sqlite://$WORK/sqlite-base.db" --scale "$SCALE"
rm -f "$WORK"/sqlite-base.db*
"$T/bvctnb-bench" import --phase baseline --database "sqlite://$WORK/sqlite-base.db" --scale "$SCALE"
rm -f "$WORK"/sqlite-base.db*
"$T/bvctnb-bench" import --phase ours --database "sqlite://$WORK/sqlite.db" --scale "$SCALE"
echo "sqlite_db_size=$(du -sh "$WORK/sqlite.db" | cut -f1)"

# The search index, built the way an operator does it, then 1000 queries without
# diacritics (30 % with one typo, 30 % with a birth year).
rss "$T/bvctnb" --database "sqlite://$WORK/sqlite.db" --index-dir "$WORK/index" reindex
echo "index_size=$(du -sh "$WORK/index" | cut -f1)"
"$T/bvctnb-bench" search --database "sqlite://$WORK/sqlite.db" --index "$WORK/index" --queries 1000
rm -rf "$WORK"/sqlite.db* "$WORK/index"

if [ -n "${BVCTNB_BENCH_PG_URL:-}" ]; then
  base="${BVCTNB_BENCH_PG_URL%/*}"
  for phase in baseline ours; do
    psql "$BVCTNB_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS bvctnb_bench WITH (FORCE)" -c "CREATE DATABASE bvctnb_bench"
    "$T/bvctnb-bench" import --phase "$phase" --database "$base/bvctnb_bench" --scale "$PG_SCALE"
    echo "pg_db_size=$(psql "$BVCTNB_BENCH_PG_URL" -Atc "select pg_size_pretty(pg_database_size('bvctnb_bench'))")"
  done
  psql "$BVCTNB_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS bvctnb_bench WITH (FORCE)"
fi
