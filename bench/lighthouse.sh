#!/usr/bin/env bash
# Lighthouse scores of the storefront's pages, measured on a local copy of the app.
#
#   bench/lighthouse.sh                      # / and /products/1
#   bench/lighthouse.sh / /cart              # any pages, as paths
#
# Installs lighthouse 12.2.3 from npm into bench/.lighthouse when missing (13 wants Node 22),
# publishes the app in Release, starts it in Production on SQLite (a fresh database in a temp
# folder, offline test payments) on a free port of 127.0.0.1, waits for /health/ready, runs
# Lighthouse with Debian's Chromium on each page, prints the four category scores (0-100) as a
# table, and stops the app. The JSON reports stay in bench/.lighthouse/reports.
#
# Environment:
#   CHROME_PATH   the browser Lighthouse drives (default /usr/bin/chromium).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"

TOOLS=bench/.lighthouse
LIGHTHOUSE="$TOOLS/node_modules/.bin/lighthouse"
REPORTS="$TOOLS/reports"
PAGES=("$@")
if [ ${#PAGES[@]} -eq 0 ]; then
  PAGES=(/ /products/1)
fi

if [ ! -x "$LIGHTHOUSE" ]; then
  echo "==> installing lighthouse 12.2.3 into $TOOLS"
  npm install --prefix "$TOOLS" --save-exact --no-audit --no-fund --loglevel=error lighthouse@12.2.3 > /dev/null
fi
if [ ! -x "$CHROME_PATH" ]; then
  echo "ERROR: no browser at $CHROME_PATH (apt-get install chromium, or set CHROME_PATH)." >&2
  exit 1
fi

WORK=$(mktemp -d)
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then
    kill "$APP_PID" 2> /dev/null || true
    wait "$APP_PID" 2> /dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "==> dotnet publish src/ECommerce.Web -c Release"
dotnet publish src/ECommerce.Web -c Release -o "$WORK/app" > "$WORK/publish.log" 2>&1 || {
  tail -20 "$WORK/publish.log" >&2
  exit 1
}

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
# Production, as shoppers get it (published static assets, no developer pages); it needs a signing
# secret, and takes offline test payments only when told to.
# Started from its folder: the content root (wwwroot) is the working directory.
(
  cd "$WORK/app"
  ASPNETCORE_ENVIRONMENT=Production \
    Database__DataDirectory="$WORK/data" \
    Payments__AllowTestPayments=true \
    Jwt__Secret="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
    exec dotnet ECommerce.Web.dll --urls "$BASE"
) > "$WORK/app.log" 2>&1 &
APP_PID=$!

echo "==> waiting for $BASE/health/ready"
for _ in $(seq 1 120); do
  if curl -fsS -o /dev/null "$BASE/health/ready" 2> /dev/null; then
    break
  fi
  if ! kill -0 "$APP_PID" 2> /dev/null; then
    echo "ERROR: the app exited:" >&2
    tail -20 "$WORK/app.log" >&2
    exit 1
  fi
  sleep 0.5
done
curl -fsS -o /dev/null "$BASE/health/ready" || {
  echo "ERROR: the app was not ready after 60 s." >&2
  exit 1
}

mkdir -p "$REPORTS"
ROWS=()
for page in "${PAGES[@]}"; do
  name=$(printf '%s' "$page" | tr -c 'A-Za-z0-9' '-' | sed 's/^-*//; s/-*$//')
  report="$REPORTS/${name:-home}.json"
  echo "==> lighthouse $BASE$page"
  # A page that fails to load (a 404) still writes a report, with a runtimeError instead of scores.
  "$LIGHTHOUSE" "$BASE$page" --quiet --output=json --output-path="$report" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox" || true
  ROWS+=("$page" "$report")
done

echo
node - "${ROWS[@]}" << 'EOF'
const fs = require('fs');
const args = process.argv.slice(2);
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
const rows = [['page', ...categories]];
for (let i = 0; i < args.length; i += 2) {
  const [page, file] = [args[i], args[i + 1]];
  let report = null;
  try { report = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* no report written */ }
  const scores = categories.map((c) => {
    const score = report?.categories?.[c]?.score;
    return typeof score === 'number' ? String(Math.round(score * 100)) : '-';
  });
  const error = report ? report.runtimeError?.code : 'no report';
  rows.push([page + (error ? ` (${error})` : ''), ...scores]);
}
const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
for (const row of rows) {
  console.log(row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  '));
}
EOF
