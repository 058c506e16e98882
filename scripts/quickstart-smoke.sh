#!/usr/bin/env bash
# The README's first five minutes on a clean clone: `npm ci`, then `npm start` with no config (→ the demo).
# Checks that the login page is served and that the seeded mail turns into drafts visible through the API
# within 30 s. Every wait is bounded; the demo and the clone are removed however the script ends.
#
#   bash scripts/quickstart-smoke.sh            (from the repository; run by .ci/run)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/tactful-smoke.XXXXXX")"
pid=""

log() { echo "[smoke] $*"; }

cleanup() {
  local code=$?
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    # npm start runs node under a shell: signal the whole process group the demo leads.
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  if [ "$code" -ne 0 ] && [ -f "$tmp/demo.log" ]; then
    log "demo output (last 60 lines):"
    tail -n 60 "$tmp/demo.log" | sed 's/^/    /'
  fi
  rm -rf "$tmp"
  exit "$code"
}
trap cleanup EXIT INT TERM

# Waits up to $1 seconds for the command in the rest of the arguments to succeed.
wait_for() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then return 1; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      log "the demo exited early"
      return 1
    fi
    sleep 0.5
  done
}

log "cloning $repo"
git clone -q "$repo" "$tmp/tactful"
cd "$tmp/tactful"
log "npm ci"
timeout 600 npm ci --no-audit --no-fund --loglevel=error >"$tmp/npm.log" 2>&1 || {
  tail -n 40 "$tmp/npm.log"
  exit 1
}

port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
url="http://127.0.0.1:$port"
log "npm start (no config → demo) on $url"
# setsid: the demo leads its own process group, so cleanup reaches node behind npm's shell.
TACTFUL_DEMO_PORT="$port" TACTFUL_DEMO_STATE="$tmp/demo-state.json" REDIS_URL="${REDIS_URL:-}" \
  setsid npm start --silent >"$tmp/demo.log" 2>&1 </dev/null &
pid=$!

# HTTP through node (no curl needed): prints the body of a 2xx response, fails otherwise.
http_get() {
  node -e '
    const [url, token] = process.argv.slice(1);
    fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(2000) })
      .then(async (r) => { if (!r.ok) process.exit(1); process.stdout.write(await r.text()); })
      .catch(() => process.exit(1));
  ' "$@"
}
login_served() { http_get "$url/login" 2>/dev/null | grep -qi '<form'; }
wait_for 60 login_served || { log "FAIL: no login page at $url/login within 60 s"; exit 1; }
log "login page served"

# The web view listens a moment before the demo prints its banner (it seeds the mail first).
token_printed() { grep -aq 'API token  demo-' "$tmp/demo.log"; }
wait_for 15 token_printed || { log "FAIL: the demo printed no API token"; exit 1; }
token="$(grep -ao 'demo-[0-9a-f]\{24\}' "$tmp/demo.log" | head -n 1)"

drafts_json() { http_get "$url/api/drafts" "$token" 2>/dev/null; }
has_drafts() {
  drafts_json | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{try{process.exit(JSON.parse(s).drafts.length>0?0:1)}catch{process.exit(1)}})"
}
wait_for 30 has_drafts || { log "FAIL: no drafts through the API within 30 s"; exit 1; }
count="$(drafts_json | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).drafts.length))")"
log "OK: $count drafts from the seeded mail, login page served"
