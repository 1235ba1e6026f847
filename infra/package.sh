#!/usr/bin/env bash
# Publishes the function app (.NET isolated worker, linux-x64) and zips it for `az functionapp deploy --type zip`:
# <out>/functionapp/ (host.json, functions.metadata, worker.config.json, extensions.json naming the host extensions
# the triggers need, which .azurefunctions/ holds, the worker and its dependencies) and <out>/functionapp.zip.
#
# Usage: bash infra/package.sh [--out DIR] [--no-event-hubs-extension]
#   --out DIR                    output folder (default: artifacts, at the repository root)
#   --no-event-hubs-extension    publish the default build instead, which names no Event Hubs host extension, so none
#                                is installed. Same functions.metadata and layout, for checking the package where the
#                                NuGet source does not serve Microsoft.Azure.WebJobs.Extensions.EventHubs; NOT
#                                deployable (the Functions host would not know the eventHubTrigger binding).
# Needs: bash, the .NET 10 SDK (dotnet publish) and `zip`, or python3 when zip is absent.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo_root/artifacts"
event_hubs_extension=true

while [ $# -gt 0 ]; do
  case "$1" in
    --out)
      [ $# -ge 2 ] || { echo "package.sh: --out needs a folder" >&2; exit 2; }
      out="$2"; shift 2 ;;
    --no-event-hubs-extension) event_hubs_extension=false; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "package.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

mkdir -p "$out"
out="$(cd "$out" && pwd)"
app="$out/functionapp"
zip_path="$out/functionapp.zip"

fail() { echo "package.sh: $*" >&2; exit 1; }

rm -rf "$app"
# --artifacts-path keeps this Release linux-x64 build's obj/ and bin/ apart from the developer's Debug build.
dotnet publish "$repo_root/functions/SegmentFunctions/SegmentFunctions.csproj" \
  -c Release -r linux-x64 --self-contained false -nologo -v quiet \
  -p:EventHubsExtension="$event_hubs_extension" \
  -o "$app" --artifacts-path "$out/build"

# The layout the Functions host reads from a dotnet-isolated app.
for file in host.json functions.metadata worker.config.json extensions.json .azurefunctions/function.deps.json SegmentFunctions.dll; do
  [ -f "$app/$file" ] || fail "the published app has no $file"
done
grep -q '"FeaturizeEvents"' "$app/functions.metadata" || fail "functions.metadata does not declare FeaturizeEvents"
grep -q '"eventHubTrigger"' "$app/functions.metadata" || fail "functions.metadata declares no eventHubTrigger"
grep -q '"defaultWorkerPath": *"SegmentFunctions.dll"' "$app/worker.config.json" || fail "worker.config.json does not start SegmentFunctions.dll"
if [ "$event_hubs_extension" = true ]; then
  grep -q 'EventHubs' "$app/extensions.json" || fail "extensions.json names no Event Hubs host extension"
fi

rm -f "$zip_path"
if command -v zip > /dev/null 2>&1; then
  (cd "$app" && zip -qr -X "$zip_path" .)
elif command -v python3 > /dev/null 2>&1; then
  python3 - "$app" "$zip_path" <<'PY'
import os, sys, zipfile
root, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, root))
PY
else
  fail "neither zip nor python3 is installed: install one (apt-get install zip) to build $zip_path"
fi

functions="$(grep -c '"scriptFile"' "$app/functions.metadata")"
echo "package.sh: $functions function(s), Event Hubs host extension: $event_hubs_extension"
echo "  folder: $app"
echo "  zip:    $zip_path"
