#!/usr/bin/env bash
# Lays out the function app as the Functions host expects it: host.json and one folder per function at the root,
# the self-contained handler under handler/ (host.json's defaultExecutablePath is handler/SegmentFunctions).
# Usage: scripts/package-function-app.sh [output-dir] [runtime-identifier]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/artifacts/functionapp}"
rid="${2:-linux-x64}"

rm -rf "$out"
mkdir -p "$out"
dotnet publish "$root/functions/SegmentFunctions" -c Release -r "$rid" --self-contained -o "$out/handler"
cp "$root/host.json" "$out/"
for function_json in "$root"/functions/*/function.json; do
  cp -r "$(dirname "$function_json")" "$out/"
done
echo "Function app in $out: $(cd "$out" && ls -d */ | tr '\n' ' ')"
