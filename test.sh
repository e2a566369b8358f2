#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine and runs every test (unit, grains on Orleans'
# TestingHost on SQLite and on a private PostgreSQL, the gateway over real HTTPS with client certificates,
# the 200-session mix-up test), then the short fault test: a 3-silo cluster under load with silos killed and
# PostgreSQL crash-restarted (scripts/fault-test.sh), the same with PostgreSQL's primary lost and its standby
# promoted (--ha), and the restore drill: a point-in-time restore from a base backup and the WAL archive, checked
# (scripts/restore-drill.sh). CERTORLEANS_SKIP_FAULT_TEST=1 skips those three while iterating.
set -euo pipefail
cd "$(dirname "$0")"
scripts/prerequisites.sh --test

# The house layout (.editorconfig): a C# file that breaks it fails here, before anything is built.
dotnet format whitespace --folder --verify-no-changes

# The operators' alert rules: valid, and each fires on what should page and stays quiet otherwise.
(cd scripts/monitoring && promtool check rules certorleans-alerts.yml && promtool test rules certorleans-alerts.test.yml)
# The Grafana dashboard: valid, and every panel's query parses.
python3 scripts/monitoring/check-dashboard.py

# A private PostgreSQL server for the tests that run against both stores; stopped whatever happens.
CERTORLEANS_TEST_POSTGRES="$(scripts/test-postgres.sh start)"
export CERTORLEANS_TEST_POSTGRES
trap 'scripts/test-postgres.sh stop' EXIT
# The exporter's journal query, on the service's own schema, read through a real exporter.
scripts/monitoring/check-exporter-queries.sh

# The tests, one layer after another so that no layer's timings share the cores with another's
# (docs/architecture.md, "Tests"): unit (the SDK alone), cluster (grains, rules and the documents they render),
# gateway (HTTPS; OpenApiDocumentTests lints the API document with Redocly CLI's recommended rules and
# GeneratedClientTests runs a kiosk flow through the Kiota client made from it), browser (Chromium).
dotnet build CertOrleans.sln -c Release -nologo -v q
for layer in Unit Cluster Gateway Browser; do
  dotnet test "tests/CertOrleans.Tests.$layer" -c Release --no-build -nologo "$@"
done

if [ "${CERTORLEANS_SKIP_FAULT_TEST:-0}" != 1 ]; then
  # The fault test builds the silo, the gateway and the load generator itself (incrementally: nothing is left).
  scripts/fault-test.sh --seconds 40 --kiosks 16 --kill-every 6
  # Again on a primary and a synchronous standby, whose primary's host is lost under load: the failover, and the
  # old primary back as the standby (the clean-clone rebuild of the build on record was made just above).
  CERTORLEANS_FAULT_BUILD_VERIFY=0 scripts/fault-test.sh --seconds 40 --kiosks 16 --kill-every 6 --ha
  scripts/restore-drill.sh
fi
