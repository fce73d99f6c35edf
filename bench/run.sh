#!/usr/bin/env bash
# The benchmark: the shop's throughput and latency beside the references of the same run.
#
#   bench/run.sh                 # MariaDB pass, then SQLite pass; 10 s warm-up + 10 s per scenario
#   bench/run.sh --quick         # a smoke run: 1 s warm-up + 2 s per scenario
#   bench/run.sh --only sqlite   # one pass (mysql or sqlite)
#
# Starts a throwaway MariaDB (as the tests do: mariadb-install-db into a temp dir, mariadbd on its own
# port and socket), publishes the app in Release (ReadyToRun, as the Dockerfile does) and starts it in Production with rate limits off
# and Stripe pointed at the tests' Stripe API stand-in; adds to the sample catalog up to 10,000
# products, users for the cart scenario and users with a full cart for the checkout scenario; then
# drives each scenario with wrk (-t1 -c32, loopback) after a warm-up. A ceiling app (bench/Harness)
# answers a no-op endpoint and the catalog's first page read with raw ADO.NET, the references the
# shop's figures are divided by. The same again on SQLite.
#
# Prints a table per pass and writes it to bench/results/<date>.md and bench/results/latest.md;
# the logs of the last run stay in bench/results/logs/. As root, installs wrk, curl and
# mariadb-server with apt-get when missing (starting no service).
#
# Environment: BENCH_DURATION and BENCH_WARMUP (seconds), BENCH_CONNECTIONS (32), BENCH_PRODUCTS
# (10000), BENCH_CHECKOUT_USERS (default 1200 per second of load), MARIADB_BIN_DIR.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD
# shellcheck source=../scripts/tools.sh
. scripts/tools.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

DURATION=${BENCH_DURATION:-10}
# 10 s: on 2 cores the runtime's tiered JIT is still recompiling a freshly hit path (checkout, a new app's listing)
# at 300-550 methods a second 6 s into its load; the figures are the shop's steady state (README: Benchmark).
WARMUP=${BENCH_WARMUP:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
PRODUCTS=${BENCH_PRODUCTS:-10000}
PASSES=(mysql sqlite)
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) DURATION=2 WARMUP=1 ;;
    --only) PASSES=("$2"); shift ;;
    *) echo "usage: bench/run.sh [--quick] [--only mysql|sqlite]" >&2; exit 2 ;;
  esac
  shift
done
CART_USERS=1000
CHECKOUT_USERS=${BENCH_CHECKOUT_USERS:-$((1200 * (WARMUP + DURATION)))}

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# --- tools ---------------------------------------------------------------------------------------
need=()
command -v wrk > /dev/null || need+=(wrk)
command -v curl > /dev/null || need+=(curl)
mariadb_present || need+=(mariadb-server)
if [ ${#need[@]} -gt 0 ]; then
  if is_root && command -v apt-get > /dev/null; then
    say "installing ${need[*]} with apt-get"
    apt_install "${need[@]}"
  else
    die "missing ${need[*]}: install with sudo apt-get install ${need[*]} (or run bench/run.sh as root)"
  fi
fi
command -v dotnet > /dev/null || die "the .NET SDK (dotnet) is not installed"

# --- processes and clean-up ----------------------------------------------------------------------
# Short: the MariaDB socket path must stay under ~100 characters.
WORK=$(mktemp -d /tmp/ecommerce-bench.XXXXXX)
LOGS=$WORK/logs
mkdir -p "$LOGS"
APP_PID="" CEILING_PID="" STRIPE_PID="" MARIADB_PID="" MARIADB_VERSION=""

# stop PID... : SIGTERM, then SIGKILL for whatever still runs 10 s later.
stop() {
  local pid pids=()
  for pid in "$@"; do
    if [ -n "$pid" ] && kill "$pid" 2> /dev/null; then pids+=("$pid"); fi
  done
  for _ in $(seq 1 100); do
    local alive=""
    for pid in ${pids[@]+"${pids[@]}"}; do
      if kill -0 "$pid" 2> /dev/null; then alive=1; fi
    done
    [ -n "$alive" ] || break
    sleep 0.1
  done
  for pid in ${pids[@]+"${pids[@]}"}; do
    kill -9 "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
  done
}

cleanup() {
  trap '' INT TERM
  stop "$APP_PID" "$CEILING_PID" "$STRIPE_PID" "$MARIADB_PID"
  rm -rf "$REPO/bench/results/logs"
  mkdir -p "$REPO/bench/results"
  cp -r "$LOGS" "$REPO/bench/results/logs" 2> /dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port nobody listens on (the gap until our server binds it is small enough here).
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
      echo "$port"
      return
    fi
  done
}

# wait_for URL PID LOG : until URL answers 2xx; fails when PID exits or after 120 s.
wait_for() {
  for _ in $(seq 1 2400); do
    if curl -fsS -o /dev/null "$1" 2> /dev/null; then return 0; fi
    if ! kill -0 "$2" 2> /dev/null; then
      tail -30 "$3" >&2
      die "the process behind $1 exited (log: $3)"
    fi
    sleep 0.05
  done
  die "$1 did not answer within 120 s"
}

# --- build ---------------------------------------------------------------------------------------
say "dotnet publish src/ECommerce.Web -c Release, ReadyToRun"
dotnet publish src/ECommerce.Web -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true -o "$WORK/app" > "$LOGS/publish-app.log" 2>&1 ||
  { tail -20 "$LOGS/publish-app.log" >&2; die "publishing the app failed"; }
say "dotnet publish bench/Harness -c Release (ceiling app, Stripe stand-in, seeding)"
dotnet publish bench/Harness -c Release -o "$WORK/harness" > "$LOGS/publish-harness.log" 2>&1 ||
  { tail -20 "$LOGS/publish-harness.log" >&2; die "publishing the harness failed"; }
# An array, not a function: started in the background, the pid must be dotnet's own.
HARNESS=(dotnet "$WORK/harness/Harness.dll")

# --- the Stripe API stand-in ---------------------------------------------------------------------
"${HARNESS[@]}" stripe > "$LOGS/stripe.log" 2>&1 &
STRIPE_PID=$!
for _ in $(seq 1 200); do
  STRIPE_URL=$(grep -m1 '^http' "$LOGS/stripe.log" || true)
  [ -n "$STRIPE_URL" ] && break
  kill -0 "$STRIPE_PID" 2> /dev/null || { cat "$LOGS/stripe.log" >&2; die "the Stripe stand-in exited"; }
  sleep 0.1
done
[ -n "$STRIPE_URL" ] || die "the Stripe stand-in did not start"
say "Stripe stand-in at $STRIPE_URL"

JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
WEBHOOK_SECRET="whsec_bench_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"

# --- MariaDB -------------------------------------------------------------------------------------
start_mariadb() {
  local server install_db admin_sql extra=() dir=$WORK/mariadb
  server=$(find_tool mariadbd mysqld)
  install_db=$(find_tool mariadb-install-db mysql_install_db)
  MARIADB_CLIENT=$(find_tool mariadb mysql)
  if [ -n "${MARIADB_BIN_DIR:-}" ]; then extra+=("--basedir=$(dirname "$(dirname "$server")")"); fi
  if is_root; then extra+=(--user=root); fi
  mkdir -p "$dir"
  "$install_db" --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal --skip-test-db \
    --skip-name-resolve --force --innodb-log-file-size=48M "${extra[@]}" > "$LOGS/mariadb-install.log" 2>&1 ||
    { tail -20 "$LOGS/mariadb-install.log" >&2; die "mariadb-install-db failed"; }
  MARIADB_PORT=$(free_port)
  MARIADB_SOCKET=$dir/data/mariadbd.sock
  # The tests' server settings (tests/ECommerce.Tests/Infrastructure/MariaDbServer.cs).
  "$server" --no-defaults --datadir="$dir/data" "${extra[@]}" --port="$MARIADB_PORT" --socket="$MARIADB_SOCKET" \
    --bind-address=127.0.0.1 --pid-file="$dir/data/mariadbd.pid" --log-error="$LOGS/mariadb-error.log" \
    --skip-name-resolve --skip-log-bin --innodb-flush-log-at-trx-commit=2 --innodb-doublewrite=0 \
    --innodb-buffer-pool-size=128M --innodb-log-file-size=48M --max-connections=500 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --default-time-zone=+00:00 \
    --innodb-snapshot-isolation=ON > /dev/null 2>&1 &
  MARIADB_PID=$!
  admin_sql() { "$MARIADB_CLIENT" --no-defaults --protocol=socket --socket="$MARIADB_SOCKET" --user=root --batch --skip-column-names -e "$1"; }
  for _ in $(seq 1 300); do
    admin_sql 'SELECT 1' > /dev/null 2>&1 && break
    kill -0 "$MARIADB_PID" 2> /dev/null || { tail -20 "$LOGS/mariadb-error.log" >&2; die "mariadbd exited"; }
    sleep 0.1
  done
  admin_sql "CREATE DATABASE shop CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER 'bench'@'%' IDENTIFIED BY 'bench'; GRANT ALL PRIVILEGES ON *.* TO 'bench'@'%';" ||
    die "MariaDB did not start (log: $LOGS/mariadb-error.log)"
  MARIADB_VERSION=$(admin_sql 'SELECT VERSION()')
  say "MariaDB $MARIADB_VERSION on port $MARIADB_PORT"
}

# --- the app -------------------------------------------------------------------------------------
APP_PORT=$(free_port)
APP_URL=http://127.0.0.1:$APP_PORT
CEILING_PORT=$(free_port)
CEILING_URL=http://127.0.0.1:$CEILING_PORT

# start_app LOG [SETTING=VALUE...] : starts the published app on the pass's database; READY_MS = start to /health/ready 200.
start_app() {
  local started log=$1
  shift
  started=$(date +%s%N)
  (
    cd "$WORK/app"
    # Rate limits off: the bench's users are many accounts on one address. As in production behind a
    # TLS-terminating proxy: requests say X-Forwarded-Proto: https, from a trusted address (pages
    # refuse plain http in Production: antiforgery's cookie is Secure).
    exec env ASPNETCORE_ENVIRONMENT=Production ForwardedHeaders__KnownNetworks=127.0.0.1/32 \
      Jwt__Secret="$JWT_SECRET" \
      Stripe__SecretKey=sk_test_bench Stripe__ApiBase="$STRIPE_URL" Stripe__WebhookSecret="$WEBHOOK_SECRET" \
      RateLimiting__PermitsPerMinute=0 RateLimiting__CheckoutsPerMinute=0 \
      "${DB_ENV[@]}" "$@" dotnet ECommerce.Web.dll --urls "$APP_URL"
  ) > "$log" 2>&1 &
  APP_PID=$!
  wait_for "$APP_URL/health/ready" "$APP_PID" "$log"
  READY_MS=$((($(date +%s%N) - started) / 1000000))
}

# --- load ----------------------------------------------------------------------------------------
RESULTS=$WORK/results.tsv
: > "$RESULTS"

# wrk_run SECONDS NAME URL SCRIPT [ARGS...] : one wrk run; prints its BENCH line's key=value pairs.
wrk_run() {
  local seconds=$1 url=$3 script=$4 log
  log="$LOGS/wrk-$PASS-$(printf '%s' "$2" | tr -c 'A-Za-z0-9=' '-' | tr -s '-' | sed 's/-$//').log"
  shift 4
  echo "--- wrk -d${seconds}s $url $script $*" >> "$log"
  # In the background and waited for: wrk survives Ctrl-C (it stops and prints), but `wait` does not,
  # so the interrupt reaches the traps above.
  wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s -H "X-Forwarded-Proto: https" -s "$REPO/bench/lua/$script" "$url" -- "$@" >> "$log" 2>&1 &
  wait $! || true
  tail -n 20 "$log" | grep '^BENCH ' | tail -1 | cut -c7- || true
}

# field KEY LINE : the value of KEY=value in LINE.
field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# record NAME BENCHLINE [NOTE] : appends a row of figures to the results.
record() {
  local name=$1 line=$2 note=${3:-}
  [ -n "$line" ] || { printf '%s\t%s\t0\t0\t0\t0\t0\t%s\n' "$PASS" "$name" "wrk failed, see logs" >> "$RESULTS"; return; }
  local requests duration failed
  requests=$(field requests "$line")
  duration=$(field duration_us "$line")
  failed=$(($(field non2xx "$line") + $(field connect_errors "$line") + $(field read_errors "$line") + $(field write_errors "$line") + $(field timeouts "$line")))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$PASS" "$name" \
    "$(awk -v r="$requests" -v d="$duration" 'BEGIN { printf "%.0f", (d > 0 ? r / (d / 1e6) : 0) }')" \
    "$(field p50_us "$line")" "$(field p99_us "$line")" "$requests" "$failed" "$note" >> "$RESULTS"
  say "$(printf '%-28s %s' "$name" "$(tail -1 "$RESULTS" | cut -f3-7 | awk -F'\t' '{ printf "%s req/s  p50 %.1f ms  p99 %.1f ms  %s requests, %s failed", $1, $2 / 1000, $3 / 1000, $4, $5 }')")"
}

# scenario NAME URL SCRIPT [ARGS...] : warm-up, then the measured run.
scenario() {
  local name=$1
  shift
  wrk_run "$WARMUP" "$name" "$@" > /dev/null
  record "$name" "$(wrk_run "$DURATION" "$name" "$@")"
}

# once_scenario NAME KIND FILE URL : each line of FILE (a user with a full cart, a signed event) used
# once: the warm-up takes the first lines, the measured run the next ones, for at most what is left.
once_scenario() {
  local name=$1 kind=$2 file=$3 url=$4 total warm used seconds=$DURATION line note=""
  total=$(wc -l < "$file")
  warm=$(wrk_run "$WARMUP" "$name" "$url" once.lua "$kind" "$file" 0)
  used=$(field sent "$warm")
  used=${used:-0}
  if [ "$kind" = webhook ]; then
    # As long as the events last at the warm-up's pace, with a margin.
    seconds=$(awk -v left=$((total - used)) -v rate="$(awk -v s="$used" -v w="$WARMUP" 'BEGIN { print s / w }')" -v d="$DURATION" \
      'BEGIN { t = rate > 0 ? int(left / rate * 0.7) : d; if (t > d) t = d; if (t < 1) t = 1; print t }')
    [ "$seconds" -lt "$DURATION" ] && note="${seconds} s: as long as the events lasted"
  fi
  line=$(wrk_run "$seconds" "$name" "$url" once.lua "$kind" "$file" "$used")
  ONCE_USED=$((used + $(field sent "$line" | grep . || echo 0)))
  if [ "$ONCE_USED" -gt "$total" ]; then
    note="${note:+$note; }ran out: $total ${kind} lines for $ONCE_USED requests"
  fi
  record "$name" "$line" "$note"
}

# more_orders FILE : more checkouts, not measured, with the users left, so the webhook scenario has
# enough orders to pay (it answers several times faster than checkout).
more_orders() {
  local total seconds rate
  total=$(wc -l < "$1")
  rate=$(tail -1 "$RESULTS" | cut -f3)
  seconds=$(awk -v left=$((total - ONCE_USED)) -v rate="$rate" -v d=$((3 * (WARMUP + DURATION))) \
    'BEGIN { t = rate > 0 ? int(left / rate * 0.8) : d; if (t > d) t = d; print t }')
  if [ "$seconds" -ge 1 ]; then
    say "[$PASS] ${seconds} s more checkouts (not measured) for the webhook scenario"
    wrk_run "$seconds" "checkout-more-orders" "$APP_URL" once.lua checkout "$1" "$ONCE_USED" > /dev/null
  fi
}

# --- one pass ------------------------------------------------------------------------------------
run_pass() {
  PASS=$1
  local data=$WORK/$PASS seed_args line api_total raw_total
  mkdir -p "$data"
  if [ "$PASS" = mysql ]; then
    [ -n "$MARIADB_PID" ] || start_mariadb
    local cs="Server=127.0.0.1;Port=$MARIADB_PORT;Database=shop;User ID=bench;Password=bench;SslMode=None;AllowUserVariables=true"
    DB_ENV=(Database__Provider=MySql "ConnectionStrings__Default=$cs" "Database__ServerVersion=$MARIADB_VERSION")
    seed_args=(--provider mysql --connection "$cs" --server-version "$MARIADB_VERSION")
  else
    DB_ENV=(Database__Provider=Sqlite "Database__DataDirectory=$data/db")
    seed_args=(--provider sqlite --connection "Data Source=$data/db/ecommerce.db")
  fi

  say "[$PASS] first start: migrations and the sample catalog"
  start_app "$LOGS/app-$PASS-first.log"
  FIRST_READY_MS=$READY_MS
  stop "$APP_PID"
  APP_PID=""

  say "[$PASS] seeding $PRODUCTS products, $CART_USERS cart users, $CHECKOUT_USERS checkout users with a cart"
  line=$("${HARNESS[@]}" seed "${seed_args[@]}" --products "$PRODUCTS" --cart-users "$CART_USERS" \
    --checkout-users "$CHECKOUT_USERS" --jwt-secret "$JWT_SECRET" --out "$data") || die "seeding failed"
  say "[$PASS] $line"
  MAX_ID=$(field max_id "$line")

  "${HARNESS[@]}" ceiling "${seed_args[@]}" --urls "$CEILING_URL" > "$LOGS/ceiling-$PASS.log" 2>&1 &
  CEILING_PID=$!
  wait_for "$CEILING_URL/noop" "$CEILING_PID" "$LOGS/ceiling-$PASS.log"

  say "[$PASS] starting the app on $PRODUCTS products"
  start_app "$LOGS/app-$PASS.log"
  say "[$PASS] start to ready: $READY_MS ms"

  # The references must answer what the shop answers, and every token must be accepted.
  api_total=$(curl -fsS "$APP_URL/api/products" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
  raw_total=$(curl -fsS "$CEILING_URL/raw/products" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
  [ "$api_total" = "$raw_total" ] && [ "$api_total" -ge "$PRODUCTS" ] ||
    die "the catalog has $api_total products by the API and $raw_total by the raw query; $PRODUCTS expected"
  cmp -s <(curl -fsS "$APP_URL/api/products") <(curl -fsS "$CEILING_URL/raw/products") ||
    say "[$PASS] WARNING: the raw query's JSON differs from GET /api/products"
  curl -fsS -o /dev/null -H "Authorization: Bearer $(head -1 "$data/checkout-tokens.txt")" "$APP_URL/api/cart" ||
    die "the app refuses the seeded users' tokens"
  SEARCH_TOTAL=$(curl -fsS "$APP_URL/api/products?q=wireless" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
  CATEGORY_TOTAL=$(curl -fsS "$APP_URL/api/products?category=audio" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')

  say "[$PASS] load: wrk -t1 -c$CONNECTIONS, ${WARMUP} s warm-up + ${DURATION} s per scenario"
  scenario "ceiling no-op" "$CEILING_URL/noop" report.lua
  scenario "raw catalog query" "$CEILING_URL/raw/products" report.lua
  scenario "GET /api/products" "$APP_URL/api/products" report.lua
  scenario "GET /api/products?q=wireless" "$APP_URL/api/products?q=wireless" report.lua
  scenario "GET /api/products?category=audio" "$APP_URL/api/products?category=audio" report.lua
  scenario "GET /api/products?page=400" "$APP_URL/api/products?page=400" report.lua
  scenario "GET /api/products/{id}" "$APP_URL" ids.lua /api/products/ "$MAX_ID"
  scenario "GET / (catalog page)" "$APP_URL/" report.lua
  # Every product page once first, as shoppers (and crawlers) would have asked for them within the cache's minute:
  # the run measures the shared pages, not the first render of each of 10,000.
  say "[$PASS] priming the cache: /products/1..$MAX_ID once each"
  curl -fsSZ --parallel-max 8 -H "X-Forwarded-Proto: https" "$APP_URL/products/[1-$MAX_ID]" > /dev/null 2> "$LOGS/prime-$PASS.log" ||
    say "[$PASS] WARNING: some product pages did not answer 200 (see $LOGS/prime-$PASS.log)"
  scenario "GET /products/{id} (page)" "$APP_URL" ids.lua /products/ "$MAX_ID"
  local guest
  guest=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  scenario "GET / (catalog page, guest with a cart)" "$APP_URL/" guest.lua "$guest"
  scenario "GET /products/{id} (page, guest with a cart)" "$APP_URL" ids.lua /products/ "$MAX_ID" "$guest"
  scenario "POST /api/cart/add" "$APP_URL" cart.lua "$data/cart-tokens.txt" 34 "$MAX_ID"
  once_scenario "POST /api/checkout" checkout "$data/checkout-tokens.txt" "$APP_URL"
  more_orders "$data/checkout-tokens.txt"

  line=$("${HARNESS[@]}" events "${seed_args[@]}" --webhook-secret "$WEBHOOK_SECRET" --out "$data/events.txt") || die "writing the events failed"
  say "[$PASS] $line (payment_intent.succeeded, signed, for the checkout scenario's orders)"
  once_scenario "POST /webhook" webhook "$data/events.txt" "$APP_URL"

  RSS_MB=$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$APP_PID/status")
  HWM_MB=$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$APP_PID/status")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$PASS" "$READY_MS" "$FIRST_READY_MS" "$RSS_MB" "$HWM_MB" "$SEARCH_TOTAL" "$CATEGORY_TOTAL" >> "$WORK/app.tsv"
  stop "$APP_PID"

  # The catalog's own cost, without the output cache in front of it: the reference is the raw query.
  say "[$PASS] the app again, with the catalog cache off (Catalog:CacheDuration=0)"
  start_app "$LOGS/app-$PASS-uncached.log" Catalog__CacheDuration=00:00:00
  scenario "GET /api/products, uncached" "$APP_URL/api/products" report.lua
  stop "$APP_PID"
  stop "$CEILING_PID"
  APP_PID="" CEILING_PID=""
}

: > "$WORK/app.tsv"
for pass in "${PASSES[@]}"; do
  run_pass "$pass"
done

# --- the report ----------------------------------------------------------------------------------
STAMP=$(date -u +%Y-%m-%d-%H%M)
REPORT=$WORK/report.md
MACHINE="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) cores, $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM"
{
  echo "# Benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- Machine: $MACHINE; $(. /etc/os-release && echo "$PRETTY_NAME"); .NET $(dotnet --version) SDK${MARIADB_VERSION:+; MariaDB $MARIADB_VERSION}."
  echo "- Load: wrk -t1 -c$CONNECTIONS on loopback, ${WARMUP} s warm-up then ${DURATION} s per scenario; app and references share the machine with wrk."
  echo "- App: Release, Production, $PRODUCTS products; **rate limits off** (RateLimiting:PermitsPerMinute=0, RateLimiting:CheckoutsPerMinute=0); Stripe: the tests' stand-in on loopback; requests carry \`X-Forwarded-Proto: https\` from a trusted proxy address, as behind a TLS-terminating proxy."
  echo "- References (bench/Harness, same run): *no-op* is a bare ASP.NET Core endpoint; *raw query* is the catalog's page 1 (20 by name, with the count) read with raw ADO.NET (MySqlConnector / Microsoft.Data.Sqlite) in the API's JSON."
  echo "- Pages: wrk sends no cookies, so it is shown the catalog and product pages that every visitor without an account or a cart shares, from the output cache; the *guest with a cart* row is a page rendered for each request."
  echo "- failed = non-2xx/3xx answers plus socket errors and timeouts; a scenario with more than 1% failed is flagged, and its speed is not a result."
} > "$REPORT"

awk -F'\t' -v apps="$WORK/app.tsv" '
function ms(us) { return sprintf("%.1f", us / 1000) }
function ratio(a, b) { return b > 0 ? sprintf(a / b < 0.1 ? "%.3f" : "%.2f", a / b) : "-" }
function yes(ok) { return ok ? "met" : "**not met**" }
BEGIN {
  while ((getline line < apps) > 0) { split(line, a, "\t"); ready[a[1]] = a[2]; first[a[1]] = a[3]; rss[a[1]] = a[4]; hwm[a[1]] = a[5]; qtotal[a[1]] = a[6]; ctotal[a[1]] = a[7] }
}
{ n++; pass[n] = $1; name[n] = $2; rps[n] = $3; p50[n] = $4; p99[n] = $5; req[n] = $6; failed[n] = $7; note[n] = $8
  if ($2 == "ceiling no-op") noop[$1] = $3
  if ($2 == "raw catalog query") raw[$1] = $3 }
END {
  summary = ""
  for (i = 1; i <= n; i++) {
    p = pass[i]
    if (p != current) {
      current = p
      printf "\n## %s\n\n", p == "mysql" ? "MariaDB" : "SQLite"
      print "| scenario | req/s | p50 ms | p99 ms | failed | vs reference | target |"
      print "|---|---:|---:|---:|---:|---|---|"
    }
    bad = req[i] == 0 || failed[i] > 0.01 * req[i]
    mostly = req[i] == 0 || failed[i] > 0.5 * req[i]
    r = rps[i]; vs = ""; target = ""
    s = name[i]
    if (s == "ceiling no-op") vs = "reference"
    else if (s == "raw catalog query") vs = ratio(r, noop[p]) " of no-op; reference"
    else if (s ~ /^GET \/api\/products/ && s !~ /\{id\}/) {
      vs = s ~ /uncached/ ? ratio(r, raw[p]) " of raw query" : ratio(r, noop[p]) " of no-op (cached)"
      if (s == "GET /api/products, uncached") {
        target = ">= 0.85 of raw: " yes(r >= 0.85 * raw[p])
        uncached[p] = ratio(r, raw[p])
      }
      if (s == "GET /api/products") {
        target = "cached >= 0.8 of no-op: " yes(r >= 0.8 * noop[p])
        cached[p] = ratio(r, noop[p])
      }
    }
    else if (s ~ /^GET \/api\/products\/\{id\}/) vs = ratio(r, noop[p]) " of no-op"
    else if (s ~ /with a cart\)$/) vs = ratio(r, noop[p]) " of no-op (rendered for each request)"
    else if (s ~ /page\)$/) {
      vs = ratio(r, noop[p]) " of no-op"
      target = ">= 0.5 of no-op: " yes(r >= 0.5 * noop[p])
      pages[p] = pages[p] (pages[p] == "" ? "" : " and ") ratio(r, noop[p])
    }
    else if (s == "POST /api/checkout") {
      vs = "absolute"
      target = ">= 300/s, p99 < 250 ms: " yes(!bad && r >= 300 && p99[i] < 250000)
      checkout[p] = r "/s, p99 " ms(p99[i]) " ms"
    }
    else vs = "absolute"
    if (mostly) { r = "~~" r "~~ mostly errors"; vs = "-" }
    else if (bad) r = r " (errors!)"
    if (bad) { flagged[p] = flagged[p] (flagged[p] == "" ? "" : ", ") s }
    fail = failed[i] (req[i] > 0 && failed[i] > 0 ? sprintf(" (%.1f%%)", 100 * failed[i] / req[i]) : "")
    printf "| %s | %s | %s | %s | %s | %s | %s |\n", s (note[i] != "" ? " (" note[i] ")" : ""), r, ms(p50[i]), ms(p99[i]), fail, vs, target
    if (i == n || pass[i + 1] != p) {
      printf "\nApp: start to ready %.1f s with the catalog in place (first start on an empty database, migrations and sample catalog: %.1f s); RSS after load %s MB (peak %s MB; target < 300 MB: %s). Search `q=wireless` matches %s products, `category=audio` %s.\n", ready[p] / 1000, first[p] / 1000, rss[p], hwm[p], yes(hwm[p] < 300), qtotal[p], ctotal[p]
      if (flagged[p] != "") printf "\n**Flagged (more than 1%% failed): %s.** See bench/results/logs/.\n", flagged[p]
      summary = summary (summary == "" ? "" : " ") sprintf("%s: API list uncached %s of raw, cached %s of no-op; pages %s of no-op; checkout %s.", p == "mysql" ? "MariaDB" : "SQLite", uncached[p], cached[p], pages[p], checkout[p])
    }
  }
  printf "\nSummary: %s\n", summary
}' "$RESULTS" >> "$REPORT"

mkdir -p bench/results
cp "$REPORT" "bench/results/$STAMP.md"
cp "$REPORT" bench/results/latest.md
echo
cat "$REPORT"
echo
say "written to bench/results/$STAMP.md and bench/results/latest.md"
