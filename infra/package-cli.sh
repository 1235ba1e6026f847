#!/usr/bin/env bash
# Publishes the `segment` command line for linux-x64 with ReadyToRun code into <out>/cli/, the build to run where the
# CLI works outside a developer's checkout (`segment consume` on a VM or in a container, `segment send` from a
# producer's machine): the assemblies carry native code, so each command starts without JIT-compiling the Event Hubs
# client, the featurizer and SQLite first (docs/event-hubs.md). It needs the .NET 10 runtime and ASP.NET Core shared
# framework on the target (framework-dependent). Run it as <out>/cli/segment, or dotnet <out>/cli/segment.dll.
#
# Usage: bash infra/package-cli.sh [--out DIR]
#   --out DIR   output folder (default: artifacts, at the repository root)
# Needs: bash and the .NET 10 SDK (dotnet publish restores the ReadyToRun compiler package for linux-x64).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo_root/artifacts"

while [ $# -gt 0 ]; do
  case "$1" in
    --out)
      [ $# -ge 2 ] || { echo "package-cli.sh: --out needs a folder" >&2; exit 2; }
      out="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "package-cli.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

mkdir -p "$out"
out="$(cd "$out" && pwd)"
cli="$out/cli"

rm -rf "$cli"
# The project publishes ReadyToRun whenever a runtime identifier is given; --artifacts-path keeps this build's obj/
# and bin/ apart from the developer's Debug build.
dotnet publish "$repo_root/functions/SegmentFunctions.Cli/SegmentFunctions.Cli.csproj" \
  -c Release -r linux-x64 --self-contained false -nologo -v quiet \
  -o "$cli" --artifacts-path "$out/build-cli"

[ -f "$cli/segment.dll" ] || { echo "package-cli.sh: the published CLI has no segment.dll" >&2; exit 1; }
echo "package-cli.sh: segment (linux-x64, ReadyToRun)"
echo "  folder: $cli"
