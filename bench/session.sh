# Sourced by the web benchmarks: start `bvctnb serve` on $PORT over the database in $WORK and
# log in through the real login form. Needs T (release dir), WORK, PORT set by the caller.
export BVCTNB_DATABASE_URL="sqlite://$WORK/web.db" BVCTNB_INDEX_DIR="$WORK/index"
export BVCTNB_AUDIT_KEY_FILE="$WORK/audit.key" BVCTNB_LISTEN="127.0.0.1:$PORT" BVCTNB_LOG=warn
# Plain HTTP on loopback: no Secure cookies (curl would not send them back).
export BVCTNB_SECURE_COOKIES=0
BENCH_PASSWORD=wrk-loadtest-2026

# ensure_db SCALE: generate and index once per WORK and scale.
ensure_db() {
  if [ "$(cat "$WORK/scale" 2>/dev/null || true)" != "$1" ]; then
    rm -rf "$WORK" && mkdir -p "$WORK"
    "$T/bvctnb" gen --scale "$1" --seed 1
    "$T/bvctnb" reindex
    echo "$1" > "$WORK/scale"
  fi
  if ! "$T/bvctnb" stats >/dev/null 2>&1; then echo "no database at $BVCTNB_DATABASE_URL" >&2; exit 1; fi
}

# bench_account USERNAME [ADMIN-CREATE ARGS…]: an officer account with the bench password.
bench_account() {
  local user="$1"; shift
  BVCTNB_ADMIN_PASSWORD="$BENCH_PASSWORD" "$T/bvctnb" admin create --username "$user" --name "Bench" \
    --role officer --clearance mat "$@" 2>&1 | grep -v "đã có" || true
}

# start_server: serves in the background until the calling script exits.
start_server() {
  "$T/bvctnb" serve > "$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  trap 'kill -INT $SERVER_PID 2>/dev/null || true; wait $SERVER_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 1; done
  echo "the server did not start: $WORK/serve.log" >&2; exit 1
}

# bench_login USERNAME: prints the Cookie header value of a fresh session.
bench_login() {
  local jar="$WORK/cookies.$1" csrf
  rm -f "$jar"
  csrf=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" --data-urlencode "username=$1" \
    --data-urlencode "password=$BENCH_PASSWORD" --data-urlencode "next=" "http://127.0.0.1:$PORT/login"
  echo "bvctnb_session=$(awk '$6=="bvctnb_session"{print $7}' "$jar")"
}

# expect_200 COOKIE PATH: fails the benchmark when a page is not a 200 (a lost session would
# otherwise look fast).
expect_200() {
  local code
  code=$(curl -s -o /dev/null -w "%{http_code}" -H "Cookie: $1" "http://127.0.0.1:$PORT$2")
  [ "$code" = 200 ] || { echo "GET $2 gave $code, not 200" >&2; exit 1; }
}
