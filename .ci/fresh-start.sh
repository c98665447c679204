#!/usr/bin/env bash
# The README's quick start as a new user meets it: a fresh clone, an empty pnpm store, nothing in
# the environment. `pnpm start` must install, build and serve; the printed password must sign in;
# Ctrl-C must stop it cleanly; a second start must serve within 10 s; the operator CLI must act on
# the database that `pnpm start` serves; a second install must rebuild nothing.
set -euo pipefail
# Job control: each background job gets its own process group with default signal handling, as a
# command started from a terminal has (without it, background jobs ignore SIGINT).
set -m
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
store="$(mktemp -d)"
server_pgid=""
cleanup() {
  if [ -n "$server_pgid" ]; then kill -KILL -- "-$server_pgid" 2>/dev/null || true; fi
  rm -rf "$work" "$store"
}
trap cleanup EXIT
fail() { printf '\nFRESH START FAILED: %s\n' "$*" >&2; [ -f "$work/start.log" ] && tail -40 "$work/start.log" >&2; exit 1; }

git clone -q "$repo" "$work/keyhold"
cd "$work/keyhold"
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
base="http://127.0.0.1:$port"

# pnpm start in its own process group, as a terminal runs it.
start() {
  : > "$work/start.log"
  env -u npm_config_nodedir -u NPM_CONFIG_NODEDIR \
    PNPM_CONFIG_STORE_DIR="$store" PNPM_CONFIG_SIDE_EFFECTS_CACHE=false PORT="$port" \
    pnpm start > "$work/start.log" 2>&1 < /dev/null &
  start_pid=$!
  server_pgid=$start_pid
}
wait_ready() { # $1: seconds
  local deadline=$((SECONDS + $1))
  until curl -sf "$base/healthz" > /dev/null; do
    kill -0 "$start_pid" 2>/dev/null || fail "pnpm start exited before serving"
    [ "$SECONDS" -lt "$deadline" ] || fail "no answer on /healthz within $1 s"
    sleep 0.2
  done
}
stop() { # $1: signal sent to the whole group, as Ctrl-C or a service manager does
  kill "-$1" -- "-$server_pgid"
  local status=0
  wait "$start_pid" || status=$?
  server_pgid=""
  grep -q '"msg":"stopped"' "$work/start.log" || fail "the server did not report a clean stop after SIG$1"
  if curl -s "$base/healthz" > /dev/null; then fail "something still listens on $port after SIG$1"; fi
  [ "$status" = 0 ] || fail "pnpm start exited with $status after SIG$1"
  if grep -q 'ELIFECYCLE' "$work/start.log"; then fail "pnpm reported a failure after SIG$1"; fi
}
login() { # $1 email, $2 password: prints the answer
  node -e '
    const [base, email, password] = process.argv.slice(1);
    fetch(base + "/graphql", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "mutation($e:String!,$p:String!){ login(email:$e,password:$p){ email } }", variables: { e: email, p: password } }) })
      .then(async (r) => { const b = await r.json(); if (b.data?.login?.email !== email) { console.error(JSON.stringify(b)); process.exit(1); } console.log("signed in as " + email); });
  ' "$base" "$1" "$2"
}

echo "▶ first pnpm start (empty store $store)"
SECONDS=0
start
wait_ready 900
echo "  serving after ${SECONDS} s"
sleep 0.5
password="$(sed -n 's/^  password: //p' "$work/start.log")"
[ -n "$password" ] || fail "the first start printed no admin password"
tail -n 3 "$work/start.log" | grep -q "pnpm cli admin:reset-password admin@localhost" \
  || fail "the first-admin banner is not the last thing printed"
if grep -q 'gyp ERR' "$work/start.log"; then fail "node-gyp failed during the install"; fi
login admin@localhost "$password" || fail "the printed password does not sign in"
stop INT
echo "  Ctrl-C: clean stop, exit 0"

echo "▶ second pnpm install rebuilds nothing"
env -u npm_config_nodedir PNPM_CONFIG_STORE_DIR="$store" PNPM_CONFIG_SIDE_EFFECTS_CACHE=false \
  pnpm install > "$work/install2.log" 2>&1 || fail "second pnpm install failed"
if grep -Eq '(install|postinstall)\$' "$work/install2.log"; then
  cat "$work/install2.log"; fail "the second pnpm install ran build scripts again"
fi

echo "▶ operator CLI (run in server/) creates an admin in the database pnpm start serves"
(cd server && echo 'ci operator password' | pnpm cli admin:create ops@example.com) > /dev/null \
  || fail "cli admin:create failed"

echo "▶ second pnpm start"
SECONDS=0
start
wait_ready 10
echo "  serving after ${SECONDS} s"
if grep -q 'password:' "$work/start.log"; then fail "the second start printed a password again"; fi
login admin@localhost "$password" || fail "the first admin no longer signs in"
login ops@example.com 'ci operator password' || fail "the CLI-created admin cannot sign in"
stop TERM
echo "  SIGTERM to the group: clean stop, exit 0"
echo "✓ fresh clone: pnpm start works with an empty store"
