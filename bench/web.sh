#!/usr/bin/env bash
# Web benchmark: the dossier page and the search endpoint under 64 concurrent clients on
# loopback (wrk), beside a static page of the same server as the bare baseline.
#   bench/web.sh [SCALE] [WORKDIR] [DURATION]   SCALE: province | national | N (default: province)
# RUNS="dossier search" picks some of the three runs (default: all).
# Needs a release build (cargo build --release -p bvctnb) and wrk (Debian package).
# The database is generated once per WORKDIR and scale, then reused.
set -euo pipefail
SCALE="${1:-province}"
WORK="${2:-/tmp/bvctnb-web-bench}"
DUR="${3:-30s}"
HERE="$(cd "$(dirname "$0")" && pwd)"
T="${CARGO_TARGET_DIR:-$HOME/.cache/bvctnb-target}/release"
PORT=18080
case "$SCALE" in
  province) MAXID=90000 ;;
  national) MAXID=5600000 ;;
  *) MAXID="$SCALE" ;;
esac
export MAXID WRK_DIR="$HERE/wrk"
. "$HERE/session.sh"
ensure_db "$SCALE"
bench_account bench.officer
echo "# $(date -u +%F) $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, scale=$SCALE, wrk -t2 -c64 -d$DUR"
start_server
PID=$SERVER_PID
cookie="$(bench_login bench.officer)"
for path in /persons/1 "/search?q=nguyen+van+an"; do expect_200 "$cookie" "$path"; done
# wrk counts 3xx as success: a lost session would look fast, so non-2xx/3xx and the bytes read
# are printed too.
# The server's CPU time per request (user + system, from /proc) says what a page costs, which
# the latency under a closed loop of 64 clients only shows through queueing.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
run() {
  echo "## $1"; shift
  local before out n
  before=$(cpu_ticks)
  out=$(wrk -t2 -c64 -d"$DUR" --latency "$@")
  n=$(echo "$out" | awk '/requests in/{print $1}')
  echo "$out" | grep -E "Requests/sec|Transfer/sec|^ +(50|90|99)%|Non-2xx|Socket errors|non_200"
  awk -v t="$(( $(cpu_ticks) - before ))" -v n="$n" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "server_cpu_per_request=%.0f us\n", t / hz / n * 1e6 }'
}
want() { [[ " ${RUNS:-static dossier search} " == *" $1 "* ]]; }
want static && run "static page (baseline)" -s "$HERE/wrk/static.lua" "http://127.0.0.1:$PORT/static/ping.html"
want dossier && run "dossier page /persons/ID (random of $MAXID), audited" -H "Cookie: $cookie" -s "$HERE/wrk/dossier.lua" "http://127.0.0.1:$PORT"
want search && run "search fragment /search?q=… (htmx), audited" -H "Cookie: $cookie" -s "$HERE/wrk/search.lua" "http://127.0.0.1:$PORT"
echo "server_rss_kib=$(awk '/VmRSS/{print $2}' /proc/$PID/status)"
