#!/usr/bin/env bash
# Listings benchmark (issue 6): the PL1–PL3 pages and their Excel and PDF exports, timed with
# curl for an officer of one province and for one whose scope is the whole tree, beside the
# bare baseline of streaming and decoding every dossier of that province (`bvctnb-bench
# stream`), in the same run.
#   bench/listings.sh [SCALE] [WORKDIR] [RUNS]   SCALE: province | national | N (default: province)
# Uses the database of bench/web.sh (same WORKDIR default), generated once per scale.
set -euo pipefail
SCALE="${1:-province}"
WORK="${2:-/tmp/bvctnb-web-bench}"
RUNS="${3:-3}"
HERE="$(cd "$(dirname "$0")" && pwd)"
T="${CARGO_TARGET_DIR:-$HOME/.cache/bvctnb-target}/release"
PORT=18081
. "$HERE/session.sh"
ensure_db "$SCALE"
# The first province: the root's child holding the most persons would do as well; the first is
# the one every run picks again.
PROVINCE=$(python3 - "$WORK/web.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
root = db.execute("SELECT id FROM orgs WHERE parent_id IS NULL").fetchone()[0]
print(db.execute("SELECT id FROM orgs WHERE parent_id = ? ORDER BY id LIMIT 1", (root,)).fetchone()[0])
PY
)
PERSONS=$(python3 - "$WORK/web.db" "$PROVINCE" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
path = db.execute("SELECT path FROM orgs WHERE id = ?", (int(sys.argv[2]),)).fetchone()[0]
print(db.execute("SELECT COUNT(*) FROM persons WHERE org_id IN (SELECT id FROM orgs WHERE path LIKE ? || '%')", (path,)).fetchone()[0])
PY
)
bench_account bench.officer
bench_account bench.province --scope "$PROVINCE"
echo "# $(date -u +%F) $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, scale=$SCALE, province org $PROVINCE ($PERSONS persons), best of $RUNS"
echo "## baseline: stream and decode every dossier of the province"
/usr/bin/time -f "wall_s=%e peak_rss_kib=%M" "$T/bvctnb-bench" stream --database "$BVCTNB_DATABASE_URL" --scope "$PROVINCE"
start_server
for user in bench.province bench.officer; do
  cookie="$(bench_login "$user")"
  echo "## $user"
  for path in /listings/pl1 /listings/pl2 "/listings/pl2?country=Nh%E1%BA%ADt" /listings/pl3 \
    /listings/pl1/export?format=xlsx /listings/pl2/export?format=xlsx /listings/pl2/export?format=pdf \
    /listings/pl3/export?format=xlsx; do
    expect_200 "$cookie" "$path"
    best=""
    for _ in $(seq 1 "$RUNS"); do
      t=$(curl -s -o "$WORK/out" -w "%{time_total}" -H "Cookie: $cookie" "http://127.0.0.1:$PORT$path")
      best=$(python3 -c "print(min(float('$t'), float('${best:-1e9}')))")
    done
    printf '%-44s %8.3f s %10d bytes\n' "$path" "$best" "$(stat -c %s "$WORK/out")"
  done
done
