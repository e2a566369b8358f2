#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine and runs every test (unit, grains on Orleans'
# TestingHost, the gateway over real HTTPS with client certificates, the 200-session mix-up test).
set -euo pipefail
cd "$(dirname "$0")"
scripts/prerequisites.sh
dotnet test CertOrleans.sln -c Release -nologo "$@"
