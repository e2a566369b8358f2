#!/usr/bin/env bash
# Generates the store terminal API's C# client from a gateway's OpenAPI document, as a kiosk vendor would: Kiota (the
# version in .config/dotnet-tools.json), terminal paths only. Usage: generate-terminal-client.sh DOCUMENT [OUTPUT]
# (OUTPUT defaults to the committed client, tests/CertOrleans.TerminalClient/Generated). GeneratedClientTests runs it
# on the live document and fails if the committed client differs.
set -euo pipefail
document="$(realpath "$1")"
root="$(cd "$(dirname "$0")/../.." && pwd)"
output="$(realpath -m "${2:-$root/tests/CertOrleans.TerminalClient/Generated}")"
cd "$root"
dotnet tool restore >/dev/null
dotnet kiota generate --language CSharp --openapi "$document" --output "$output" \
  --class-name TerminalApiClient --namespace-name CertOrleans.TerminalClient \
  --include-path '/terminal/**' --exclude-backward-compatible --clean-output --log-level Error
# The lock file names where the document was read (a temporary file): nothing a reader of the client needs.
rm -f "$output/kiota-lock.json" "$output/.kiota.log"
