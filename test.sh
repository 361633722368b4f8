#!/usr/bin/env bash
# Builds once, then runs every test suite: the domain tests, the browser tests (Playwright + Debian's Chromium),
# and the API tests on SQLite and on a throwaway PostgreSQL cluster. Extra arguments go to each `dotnet test` (e.g. --filter Tickets).
# The last line is the total over all runs: "N passed, N failed". Exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
results=$root/.test/results
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages that are not installed yet, without letting them start their system
# services: the tests start their own instances from temporary directories.
install_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  local policy=/usr/sbin/policy-rc.d created_policy=
  if [ ! -e $policy ]; then
    printf '#!/bin/sh\n# Written by Frontdesk test.sh while it installs packages.\nexit 101\n' | as_root tee $policy >/dev/null
    as_root chmod 755 $policy
    created_policy=1
  fi
  local status=0
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    status=$?
  [ -n "$created_policy" ] && as_root rm -f $policy
  return $status
}

# ---- PostgreSQL: a cluster of our own in a temp dir, on loopback, trust auth, stopped at exit. ----
pg_dir=
pg_bin=
pg_ctl_as_owner() {
  # PostgreSQL refuses to run as root; the cluster belongs to the postgres user then.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_postgres() {
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
    pg_ctl_as_owner "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$pg_dir" ] && rm -rf "$pg_dir"
  pg_dir=
}
mail_dir=
stop_mail() {
  [ -n "$mail_dir" ] && { scripts/mail-servers.sh stop "$mail_dir"; rm -rf "$mail_dir"; }
  mail_dir=
}
stop_servers() { stop_postgres; stop_mail; }
trap stop_servers EXIT
trap 'exit 130' INT TERM

# shellcheck source=scripts/ports.sh
. scripts/ports.sh

start_postgres() {
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    pg_bin=/usr/lib/postgresql/15/bin
  else
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || { log "PostgreSQL server binaries not found under /usr/lib/postgresql"; return 1; }

  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-pg.XXXXXX")
  [ "$(id -u)" -eq 0 ] && chown postgres: "$pg_dir"
  pg_ctl_as_owner "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 ||
    { cat "$pg_dir/initdb.log" >&2; return 1; }

  # A throwaway cluster: durability settings off, so tests that create many databases stay fast.
  local port attempt
  for attempt in 1 2 3; do
    port=$(free_port)
    if pg_ctl_as_owner "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
      -o "-k $pg_dir -h 127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null; then
      export FRONTDESK_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Include Error Detail=true"
      log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($pg_dir)"
      return 0
    fi
    log "PostgreSQL did not start on port $port (attempt $attempt)"
  done
  cat "$pg_dir/server.log" >&2
  return 1
}

# ---- The runs ----
failures=0   # runs that broke without a failed test to show for it (could not build, start or finish)
passed=0
failed=0

run_tests() { # NAME PROJECT [ENV=VALUE...] -- [dotnet test args]
  local name=$1 project=$2
  shift 2
  local env=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do env+=("$1"); shift; done
  [ "${1:-}" = -- ] && shift
  log "tests: $name"
  local rc=0
  # A test stuck for 10 minutes (FRONTDESK_TEST_HANG_TIMEOUT) is ended (and reported) by the runner rather than hanging CI.
  env "${env[@]}" dotnet test "$project" -c Release --no-build --results-directory "$results/$name" \
    --logger "trx;LogFileName=$name.trx" --blame-hang-timeout "${FRONTDESK_TEST_HANG_TIMEOUT:-10m}" --blame-hang-dump-type none "$@" || rc=$?
  if [ $rc -ne 0 ]; then
    log "tests: $name exited with $rc"
  fi
  count_results "$name" $rc
}

counter() { # NAME COUNTERS-ELEMENT: the attribute's number, 0 when absent
  local value
  value=$(sed -n "s/.*[[:space:]]$1=\"\([0-9]*\)\".*/\1/p" <<<"$2")
  echo "${value:-0}"
}

# Reads the <Counters total= passed= failed= ...> of the run's TRX file into the totals.
count_results() {
  local name=$1 rc=$2 trx counters n_passed n_failed
  trx=$(find "$results/$name" -name '*.trx' -type f 2>/dev/null | head -n 1)
  if [ -z "$trx" ]; then
    log "tests: $name left no TRX results"
    failures=$((failures + 1))
    return
  fi
  counters=$(tr '\n\r' '  ' <"$trx" | grep -o '<Counters [^>]*>' | head -n 1 || true)
  if [ -z "$counters" ]; then
    log "tests: $name has no counters in $trx"
    failures=$((failures + 1))
    return
  fi
  n_passed=$(counter passed "$counters")
  n_failed=$(($(counter failed "$counters") + $(counter error "$counters") + $(counter timeout "$counters") + $(counter aborted "$counters")))
  passed=$((passed + n_passed))
  failed=$((failed + n_failed))
  if [ "$rc" -ne 0 ] && [ "$n_failed" -eq 0 ]; then
    failures=$((failures + 1))
  fi
}

summary() {
  local total_failed=$((failed + failures))
  [ $failures -gt 0 ] && log "$failures test run(s) did not complete"
  echo "$passed passed, $total_failed failed"
  [ $total_failed -eq 0 ]
}

rm -rf "$results"
mkdir -p "$results"

# Every server and browser the suites talk to, from Debian's packages (never a browser download).
install_packages postgresql dovecot-imapd dovecot-pop3d dovecot-lmtpd opensmtpd chromium || log "could not install the packages the tests need"

# The mail servers (SMTP → Dovecot, IMAP, POP3) for the email tests, shared by both API runs: tests use their own addresses.
mail_dir=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-mail.XXXXXX")
if scripts/mail-servers.sh start "$mail_dir" >&2; then
  # shellcheck disable=SC1091
  . "$mail_dir/env"
else
  log "the mail servers could not be started; the email tests will fail"
fi

log "building"
if ! dotnet build Frontdesk.slnx -c Release -nologo -v:q; then
  log "the build failed"
  failures=$((failures + 1))
  summary
  exit 1
fi

run_tests domain tests/Frontdesk.Domain.Tests -- "$@"
run_tests browser tests/Frontdesk.BrowserTests -- "$@"
run_tests sqlite tests/Frontdesk.Tests FRONTDESK_TEST_DB=sqlite -- "$@"
if start_postgres; then
  run_tests postgres tests/Frontdesk.Tests FRONTDESK_TEST_DB=postgres -- "$@"
else
  log "PostgreSQL could not be started; the PostgreSQL run is skipped"
  failures=$((failures + 1))
fi
stop_postgres

summary
