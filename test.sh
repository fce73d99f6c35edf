#!/usr/bin/env bash
# The project's one test command.
#
#   ./test.sh                      # build (Release) and run every test project of ECommerce.sln
#   ./test.sh --filter Cart        # extra arguments go to `dotnet test` unchanged
#
# Installs what the tests need when it is missing and we are root (MariaDB server, Redis server; Chromium once
# tests/ECommerce.E2E exists), runs `dotnet test`, and ends with the line
#   N passed, N failed, N skipped
# summed over the TRX files of all test projects. Exits non-zero when `dotnet test` failed, when a
# test failed, or when no test ran.
#
# Environment:
#   CI=true              MariaDB tests fail instead of skipping when MariaDB is missing.
#   MARIADB_BIN_DIR      directory (or ':'-separated list) holding mariadbd, mariadb-install-db, mariadb.
#   TEST_RESULTS_DIR     where the TRX files go (default: TestResults/test.sh in the repo, emptied first).
#   TEST_HANG_TIMEOUT    abort a test host that hangs this long (default 15m; "off" to disable).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }

# shellcheck source=scripts/tools.sh
. scripts/tools.sh

# MariaDB: the integration tests start a throwaway server of their own
# (tests/ECommerce.Tests/Infrastructure/MariaDbServer.cs); only the binaries are needed here.
ensure_mariadb() {
  if mariadb_present; then
    return 0
  fi
  if is_root && command -v apt-get > /dev/null 2>&1; then
    say "MariaDB is missing: installing mariadb-server with apt-get"
    apt_install mariadb-server
    if ! mariadb_present; then
      echo "ERROR: mariadb-server was installed but mariadbd/mariadb-install-db/mariadb are still not found." >&2
      exit 1
    fi
  else
    warn "MariaDB is not installed, so the MariaDB tests will be skipped (and fail when CI=true)."
    warn "Install it with: sudo apt-get install mariadb-server   (or run ./test.sh as root)"
  fi
}

# Redis: the shared output cache's tests start a throwaway redis-server of their own
# (tests/ECommerce.Tests/Infrastructure/RedisServer.cs); only the binary is needed here.
ensure_redis() {
  if [ -x /usr/bin/redis-server ] || command -v redis-server > /dev/null 2>&1; then
    return 0
  fi
  if is_root && command -v apt-get > /dev/null 2>&1; then
    say "Redis is missing: installing redis-server with apt-get"
    apt_install redis-server
  else
    warn "Redis is not installed, so the shared-cache tests will fail."
    warn "Install it with: sudo apt-get install redis-server   (or run ./test.sh as root)"
  fi
}

# Chromium for the browser end-to-end tests: does nothing until tests/ECommerce.E2E exists.
ensure_e2e_browser() {
  if [ ! -d tests/ECommerce.E2E ]; then
    return 0
  fi
  if command -v chromium > /dev/null 2>&1 || command -v chromium-browser > /dev/null 2>&1; then
    return 0
  fi
  if is_root && command -v apt-get > /dev/null 2>&1; then
    say "Chromium is missing: installing chromium with apt-get"
    apt_install chromium
  else
    warn "Chromium is not installed, so the end-to-end tests cannot run."
    warn "Install it with: sudo apt-get install chromium   (or run ./test.sh as root)"
  fi
}

# counter SUMMARY ATTRIBUTE : the number in ATTRIBUTE="N" of a <Counters .../> element (0 if absent).
counter() {
  local value
  value=$(printf '%s\n' "$1" | sed -n "s/.*[[:space:]]$2=\"\([0-9][0-9]*\)\".*/\1/p")
  printf '%s\n' "${value:-0}"
}

# summarize_trx DIR : prints "passed failed skipped files" summed over DIR/**/*.trx.
# (No grep -q in pipelines here: with pipefail, grep -q's early exit makes the writer die of
# SIGPIPE and the whole test read as false.)
summarize_trx() {
  local passed=0 failed=0 skipped=0 files=0 trx text counters outcome total executed p f e t a n
  while IFS= read -r -d '' trx; do
    files=$((files + 1))
    text=$(tr '\r\n' '  ' < "$trx")
    counters=$(printf '%s\n' "$text" | grep -o '<Counters [^>]*>' || true)
    outcome=$(printf '%s\n' "$text" | grep -o '<ResultSummary [^>]*>' | sed -n 's/.*outcome="\([A-Za-z]*\)".*/\1/p' || true)
    total=$(counter "$counters" total)
    executed=$(counter "$counters" executed)
    p=$(counter "$counters" passed)
    f=$(counter "$counters" failed)
    e=$(counter "$counters" error)
    t=$(counter "$counters" timeout)
    a=$(counter "$counters" aborted)
    n=$(counter "$counters" notExecuted)
    passed=$((passed + p))
    failed=$((failed + f + e + t + a))
    # A test host that crashed or was killed by --blame-hang-timeout leaves outcome="Failed" with
    # every counter at 0 (even for the tests that had passed): count that run as one failure.
    case "$outcome" in
      Failed | Aborted | Error | Timeout)
        if [ $((f + e + t + a)) -eq 0 ]; then failed=$((failed + 1)); fi
        ;;
    esac
    # xunit's skipped tests are counted in neither notExecuted nor executed: total - executed.
    if [ "$n" -gt 0 ]; then
      skipped=$((skipped + n))
    elif [ "$total" -gt "$executed" ]; then
      skipped=$((skipped + total - executed))
    fi
  done < <(find "$1" -type f -name '*.trx' -print0 2> /dev/null)
  printf '%s %s %s %s\n' "$passed" "$failed" "$skipped" "$files"
}

main() {
  ensure_mariadb
  ensure_redis
  ensure_e2e_browser

  local results_dir="${TEST_RESULTS_DIR:-$PWD/TestResults/test.sh}"
  rm -rf "$results_dir"
  mkdir -p "$results_dir"

  local hang_args=()
  local hang="${TEST_HANG_TIMEOUT:-15m}"
  if [ "$hang" != "off" ]; then
    hang_args=(--blame-hang-timeout "$hang" --blame-hang-dump-type none)
  fi

  say "dotnet test ECommerce.sln -c Release $*"
  local rc=0
  # Plain "trx" on purpose: with LogFileName=x.trx every test project overwrites the same file, and
  # LogFilePrefix names files by the second a project finished (two projects can collide); the
  # default name gets a [1], [2]... suffix instead.
  dotnet test ECommerce.sln -c Release \
    --logger trx \
    --logger "console;verbosity=minimal" \
    --results-directory "$results_dir" \
    ${hang_args[@]+"${hang_args[@]}"} \
    "$@" || rc=$?

  if [ "${CI:-}" = "true" ]; then
    # Do not leave MSBuild / compiler servers running after CI's run.
    dotnet build-server shutdown > /dev/null 2>&1 || true
  fi

  local passed failed skipped files
  read -r passed failed skipped files < <(summarize_trx "$results_dir")

  echo
  if [ "$rc" -ne 0 ]; then
    echo "dotnet test exited with code $rc."
    if [ "$failed" -eq 0 ]; then
      echo "No test reported a failure (build error, crashed or hung test host?): counted as 1 failed."
      failed=1
    fi
  fi
  if [ "$files" -eq 0 ]; then
    echo "No TRX result file was written to $results_dir (did the build fail?)."
  fi
  if [ $((passed + failed)) -eq 0 ]; then
    echo "No test ran."
  fi
  echo "TRX results: $results_dir"
  echo "$passed passed, $failed failed, $skipped skipped"

  if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ $((passed + failed)) -eq 0 ]; then
    exit 1
  fi
}

main "$@"
