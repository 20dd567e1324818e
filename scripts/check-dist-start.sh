#!/usr/bin/env bash
# What the container runs, checked without a container builder: the compiled dist/ started with
# plain node and NODE_ENV=production on a fresh data folder; /healthz and /report-a-concern must
# answer, then SIGTERM must stop it. Run by .ci/run after `npm run build`.
set -euo pipefail
cd "$(dirname "$0")/.."
data="$(mktemp -d)"
port="${CHECK_PORT:-3917}"
log="$data/server.log"
NODE_ENV=production TZ=Europe/London HOST=127.0.0.1 PORT="$port" DATA_DIR="$data/db" \
  SESSION_SECRET="check-dist-start-$(date +%s)-0123456789abcdef" PUBLIC_URL="http://127.0.0.1:$port" \
  node dist/cli/main.js serve >"$log" 2>&1 &
server=$!
stop() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"; }
trap stop EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$log"; echo "dist/ server exited before answering" >&2; exit 1; }
  sleep 0.5
done
expect() { # URL TEXT: the page answers 200 and contains TEXT
  local body
  body="$(curl -fsS "http://127.0.0.1:$port$1")"
  grep -qF "$2" <<<"$body" || { echo "$1 does not contain $2" >&2; exit 1; }
}
expect /healthz '"ok"'
expect /report-a-concern 'govuk-'
expect /public/govuk/govuk-frontend.min.css 'arial'
kill -TERM "$server"
wait "$server" && status=0 || status=$?
[ "$status" -eq 0 ] || { cat "$log"; echo "dist/ server exited $status on SIGTERM" >&2; exit 1; }
echo "dist/ start checked: /healthz, /report-a-concern and the CSS answer; SIGTERM stops it cleanly"
