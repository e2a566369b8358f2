#!/usr/bin/env bash
# Benchmarks (not part of ./test.sh). Usage: ./bench.sh render [--iterations N]
set -euo pipefail
cd "$(dirname "$0")"
scripts/prerequisites.sh
dotnet build src/Benchmarks -c Release -nologo -v quiet -clp:ErrorsOnly
exec dotnet src/Benchmarks/bin/Release/net10.0/CertOrleans.Benchmarks.dll "${@:-render}"
