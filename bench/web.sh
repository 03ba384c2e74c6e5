#!/usr/bin/env bash
# Web benchmark: the dossier page and the search endpoint under 64 concurrent clients on
# loopback (wrk), beside a static page of the same server as the bare baseline.
#   bench/web.sh [SCALE] [WORKDIR] [DURATION]   SCALE: province | national | N (default: province)
# Needs a release build (cargo build --release -p bvctnb) and wrk (Debian package).
# The database is generated once per WORKDIR and scale, then reused.
set -euo pipefail
SCALE="${1:-province}"
WORK="${2:-/tmp/bvctnb-web-bench}"
DUR="${3:-30s}"
HERE="$(cd "$(dirname "$0")" && pwd)"
T="${CARGO_TARGET_DIR:-$HOME/.cache/bvctnb-target}/release"
PORT=18080
export BVCTNB_DATABASE_URL="sqlite://$WORK/web.db" BVCTNB_INDEX_DIR="$WORK/index"
export BVCTNB_AUDIT_KEY_FILE="$WORK/audit.key" BVCTNB_LISTEN="127.0.0.1:$PORT" BVCTNB_LOG=warn
case "$SCALE" in
  province) MAXID=90000 ;;
  national) MAXID=5600000 ;;
  *) MAXID="$SCALE" ;;
esac
export MAXID WRK_DIR="$HERE/wrk"
if [ "$(cat "$WORK/scale" 2>/dev/null || true)" != "$SCALE" ]; then
  rm -rf "$WORK" && mkdir -p "$WORK"
  "$T/bvctnb" gen --scale "$SCALE" --seed 1
  "$T/bvctnb" reindex
  echo "$SCALE" > "$WORK/scale"
fi
if ! "$T/bvctnb" stats >/dev/null 2>&1; then echo "no database at $BVCTNB_DATABASE_URL" >&2; exit 1; fi
BVCTNB_ADMIN_PASSWORD=wrk-loadtest-2026 "$T/bvctnb" admin create --username bench.officer --name "Bench" \
  --role officer --clearance mat 2>&1 | grep -v "đã có" || true
echo "# $(date -u +%F) $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, scale=$SCALE, wrk -t2 -c64 -d$DUR"
"$T/bvctnb" serve > "$WORK/serve.log" 2>&1 &
PID=$!
trap 'kill -INT $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 1; done
jar="$WORK/cookies"; rm -f "$jar"
csrf=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" --data-urlencode "username=bench.officer" \
  --data-urlencode "password=wrk-loadtest-2026" --data-urlencode "next=" "http://127.0.0.1:$PORT/login"
cookie="bvctnb_session=$(awk '$6=="bvctnb_session"{print $7}' "$jar")"
for path in /persons/1 "/search?q=nguyen+van+an"; do
  code=$(curl -s -o /dev/null -w "%{http_code}" -H "Cookie: $cookie" "http://127.0.0.1:$PORT$path")
  [ "$code" = 200 ] || { echo "GET $path as bench.officer gave $code, not 200: login failed" >&2; exit 1; }
done
# wrk counts 3xx as success: a lost session would look fast, so non-2xx/3xx and the bytes read
# are printed too.
run() { echo "## $1"; shift; wrk -t2 -c64 -d"$DUR" --latency "$@" | grep -E "Requests/sec|Transfer/sec|^ +(50|90|99)%|Non-2xx|Socket errors|non_200"; }
[ -n "${ONLY_SEARCH:-}" ] || run "static page (baseline)" -s "$HERE/wrk/static.lua" "http://127.0.0.1:$PORT/static/ping.html"
[ -n "${ONLY_SEARCH:-}" ] || run "dossier page /persons/ID (random of $MAXID), audited" -H "Cookie: $cookie" -s "$HERE/wrk/dossier.lua" "http://127.0.0.1:$PORT"
run "search fragment /search?q=… (htmx), audited" -H "Cookie: $cookie" -s "$HERE/wrk/search.lua" "http://127.0.0.1:$PORT"
echo "server_rss_kib=$(awk '/VmRSS/{print $2}' /proc/$PID/status)"
