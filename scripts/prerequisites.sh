#!/usr/bin/env bash
# Installs what CertOrleans needs on a fresh Debian machine: the .NET 10 SDK is expected on PATH;
# the Japanese fonts embedded in certificates come from Debian's packages. With --test, also what only the
# tests need: poppler-utils (to scan printed QR codes), PostgreSQL (a private server per test run) with
# pg_auto_failover (the HA fault test) and iproute2 (network namespaces for the fault tests), Chromium (the browser
# tests), Prometheus's promtool (the alert rules), Node.js with Redocly CLI (the OpenAPI lint, tools/openapi) and Kiota
# (the generated client's drift test, .config/dotnet-tools.json). With --ha, PostgreSQL, pg_auto_failover and iproute2 only.
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is required on PATH" >&2
  exit 1
fi

missing=()
[ -f /usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf ] || missing+=(fonts-ipaexfont-mincho)
[ -f /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf ] || missing+=(fonts-ipaexfont-gothic)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ "${1:-}" = "--test" ] || [ "${1:-}" = "--ha" ]; then
  # PostgreSQL with pg_auto_failover: `run.sh --cluster N --ha` and the HA fault test (scripts/ha-postgres.sh).
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v pg_autoctl >/dev/null 2>&1 || missing+=(postgresql-15-auto-failover pg-auto-failover-cli)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
fi
if [ "${1:-}" = "--test" ]; then
  # pdftoppm: the tests scan the printed QR code from a rasterised page, as a phone would.
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  # PostgreSQL (above): every storage test runs against a private server as well as SQLite; ip (above): the fault
  # test runs each silo in a network namespace of its own.
  # Chromium: the web pages are tested in a real headless browser (Playwright drives /usr/bin/chromium).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # promtool: the alert rules are unit-tested (scripts/monitoring/).
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  # The PostgreSQL exporter: the journal's custom query is checked against a real exporter.
  command -v prometheus-postgres-exporter >/dev/null 2>&1 || missing+=(prometheus-postgres-exporter)
  # Node.js and npm: Redocly CLI lints the OpenAPI document (tools/openapi).
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} …"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
  # Redocly CLI at the version pinned in tools/openapi/package-lock.json (it needs Node.js 20.19 or later, as Debian 13
  # ships), installed again only when the lock changed; Kiota, from the tool manifest (.config/dotnet-tools.json).
  root="$(cd "$(dirname "$0")/.." && pwd)"
  if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
    echo "error: Redocly CLI (tools/openapi) needs Node.js 20.19 or later; this is $(node --version)" >&2
    exit 1
  fi
  if [ ! "$root/tools/openapi/node_modules/.package-lock.json" -nt "$root/tools/openapi/package-lock.json" ]; then
    npm ci --prefix "$root/tools/openapi" --no-audit --no-fund --loglevel=error
  fi
  (cd "$root" && dotnet tool restore >/dev/null)
fi
