#!/usr/bin/env bash
# Secret registers (issue 17): (1) a random page of a province's outgoing register with
# PROVINCE_LINES lines under 64 clients (wrk), beside a static page of the same server as the
# bare baseline; (2) the yearly statistics of the whole nation's registers, timed through the
# page, beside a bare SQL count of the same lines as the baseline.
#   bench/secrets.sh [WORKDIR] [DURATION]      env: PROVINCE_LINES (200000), UNIT_LINES (20)
# The registers go on the national organisation tree without persons (bvctnb-bench secrets
# --orgs national); the database is made once per WORKDIR and reused.
# Needs release builds (cargo build --release -p bvctnb -p bvctnb-bench), wrk and sqlite3.
set -euo pipefail
WORK="${1:-/tmp/bvctnb-secrets-bench}"
DUR="${2:-30s}"
PROVINCE_LINES="${PROVINCE_LINES:-200000}"
UNIT_LINES="${UNIT_LINES:-20}"
HERE="$(cd "$(dirname "$0")" && pwd)"
T="${CARGO_TARGET_DIR:-$HOME/.cache/bvctnb-target}/release"
PORT=18081
export WRK_DIR="$HERE/wrk"
. "$HERE/session.sh"
# Loopback benchmark accounts above the grassroots level sign in by password alone.
mkdir -p "$WORK"
printf '[web]\nsecond_factor_above_grassroots = false\n' > "$WORK/../bvctnb-secrets-bench.toml"
export BVCTNB_CONFIG="$WORK/../bvctnb-secrets-bench.toml"
want="national $PROVINCE_LINES $UNIT_LINES"
if [ "$(cat "$WORK/scale" 2>/dev/null || true)" != "$want" ]; then
  rm -rf "$WORK" && mkdir -p "$WORK"
  "$T/bvctnb" migrate
  "$T/bvctnb-bench" secrets --db "$WORK/web.db" --orgs national --province-lines "$PROVINCE_LINES" \
    --unit-lines "$UNIT_LINES" | tee "$WORK/seed.txt"
  "$T/bvctnb" reindex
  echo "$want" > "$WORK/scale"
fi
BOOK=$(sed -n 's/.*first_outgoing_book=\([0-9]*\).*/\1/p' "$WORK/seed.txt")
PROVINCE=$(sqlite3 "$WORK/web.db" "SELECT org_id FROM secret_books WHERE id = $BOOK")
export BOOK LINES="$PROVINCE_LINES"
bench_account bench.secrets --scope "$PROVINCE"
bench_account bench.nation
echo "# $(date -u +%F) $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, book=$BOOK of org $PROVINCE ($PROVINCE_LINES lines), wrk -t2 -c64 -d$DUR"
sqlite3 "$WORK/web.db" "SELECT 'lines=' || COUNT(*) FROM secret_entries; SELECT 'orgs=' || COUNT(*) FROM orgs"
start_server
cookie="$(bench_login bench.secrets)"
expect_200 "$cookie" "/secrets/books/$BOOK?from=100000"
run() {
  echo "## $1"; shift
  wrk -t2 -c64 -d"$DUR" --latency "$@" | grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors|non_200"
}
run "static page (baseline)" -s "$HERE/wrk/static.lua" "http://127.0.0.1:$PORT/static/ping.html"
run "register page /secrets/books/$BOOK?from=RANDOM, audited" -H "Cookie: $cookie" -s "$HERE/wrk/register.lua" "http://127.0.0.1:$PORT"
echo "## yearly statistics, whole nation (org 1), 3 runs"
national="$(bench_login bench.nation)"
for i in 1 2 3; do
  curl -s -o /dev/null -w "stats_page_s=%{time_total} http=%{http_code}\n" -H "Cookie: $national" \
    "http://127.0.0.1:$PORT/secrets/stats?org=1&year=2026"
done
echo "## baseline: bare count of the same lines (sqlite3, no grouping, no tree)"
for i in 1 2 3; do
  /usr/bin/time -f "bare_count_s=%e" sqlite3 "$WORK/web.db" \
    "SELECT COUNT(*) FROM secret_entries WHERE entered_on BETWEEN '2025-12-15' AND '2026-12-14'" >/dev/null
done
echo "server_rss_kib=$(awk '/VmRSS/{print $2}' /proc/$SERVER_PID/status)"
