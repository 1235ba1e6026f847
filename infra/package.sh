#!/usr/bin/env bash
# Assembles the deployable function app: <out>/functionapp/ (host.json, one folder per function with its
# function.json, the self-contained linux-x64 handler where host.json's defaultExecutablePath names it) and
# <out>/functionapp.zip, the package `az functionapp deploy --type zip` takes.
#
# Usage: bash infra/package.sh [--out DIR] [--no-build]
#   --out DIR    output folder (default: artifacts, at the repository root)
#   --no-build   skip dotnet publish and reuse the handler already in DIR/functionapp (re-zip after editing
#                host.json or a function.json)
# Needs: bash, the .NET 10 SDK (dotnet publish) and `zip`, or python3 when zip is absent.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo_root/artifacts"
build=1

while [ $# -gt 0 ]; do
  case "$1" in
    --out)
      [ $# -ge 2 ] || { echo "package.sh: --out needs a folder" >&2; exit 2; }
      out="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "package.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

mkdir -p "$out"
out="$(cd "$out" && pwd)"
app="$out/functionapp"
zip_path="$out/functionapp.zip"
host_json="$repo_root/host.json"

fail() { echo "package.sh: $*" >&2; exit 1; }

[ -f "$host_json" ] || fail "no host.json at the repository root ($host_json)"

# The handler's path as host.json names it, relative to the app root (e.g. handler/SegmentFunctions).
exe_rel="$(tr -d '\r\n' < "$host_json" | sed -n 's/.*"defaultExecutablePath"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')"
[ -n "$exe_rel" ] || fail "host.json has no customHandler.description.defaultExecutablePath"
case "$exe_rel" in
  /*|*..*) fail "defaultExecutablePath '$exe_rel' must be a path inside the app folder" ;;
  */*) ;;
  *) fail "defaultExecutablePath '$exe_rel' must name a subfolder (e.g. handler/SegmentFunctions) so the published files stay apart from the function folders" ;;
esac
exe_dir="$(dirname "$exe_rel")"

if [ "$build" -eq 1 ]; then
  rm -rf "$app"
else
  [ -x "$app/$exe_rel" ] || fail "--no-build: no published handler at $app/$exe_rel; run without --no-build first"
  find "$app" -mindepth 1 -maxdepth 1 ! -name "${exe_dir%%/*}" -exec rm -rf {} +
fi
mkdir -p "$app"
cp "$host_json" "$app/host.json"

# A function folder is a folder under functions/ that holds a function.json; its name is the function's name.
count=0
for function_json in "$repo_root"/functions/*/function.json; do
  [ -f "$function_json" ] || continue
  folder="$(dirname "$function_json")"
  name="$(basename "$folder")"
  [ "$name" != "${exe_dir%%/*}" ] || fail "function folder '$name' has the same name as the handler folder"
  mkdir -p "$app/$name"
  cp -R "$folder"/. "$app/$name"/
  count=$((count + 1))
done
[ "$count" -gt 0 ] || fail "no function folders (functions/<Name>/function.json) found"

if [ "$build" -eq 1 ]; then
  # --artifacts-path keeps this Release linux-x64 build's obj/ and bin/ apart from the developer's Debug build.
  dotnet publish "$repo_root/functions/SegmentFunctions/SegmentFunctions.csproj" \
    -c Release -r linux-x64 --self-contained true -nologo -v quiet \
    -o "$app/$exe_dir" --artifacts-path "$out/build"
fi

[ -f "$app/$exe_rel" ] || fail "the published handler is not at $exe_rel, where host.json's defaultExecutablePath points"
chmod +x "$app/$exe_rel"

rm -f "$zip_path"
if command -v zip > /dev/null 2>&1; then
  (cd "$app" && zip -qr -X "$zip_path" .)
elif command -v python3 > /dev/null 2>&1; then
  # zipfile keeps each file's Unix mode, so the handler stays executable after deployment.
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

echo "package.sh: $count function(s), handler $exe_rel"
echo "  folder: $app"
echo "  zip:    $zip_path"
