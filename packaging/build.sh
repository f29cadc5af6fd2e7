#!/usr/bin/env bash
# Build the desktop app: dist/annotator/ (one folder, runs without Python).
#
#   packaging/build.sh                 # fresh build venv in build/venv
#   VENV=/path/to/venv packaging/build.sh   # reuse a venv (e.g. CI's)
#
# The venv gets the project's dependencies with the model and PyInstaller
# (extras `model` and `build`); the app itself is frozen from this checkout:
# PYTHONPATH puts the repository root ahead of any installed copy of
# `annotator`, for PyInstaller and for the hook subprocesses it starts.
# Prints the folder's size at the end. Output: dist/annotator/annotator.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

python="${PYTHON:-python3}"
venv="${VENV:-$root/build/venv}"
if [ ! -x "$venv/bin/python" ]; then
  echo "build.sh: creating $venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip
fi
echo "build.sh: installing .[model,build] into $venv"
"$venv/bin/python" -m pip install -q ".[model,build]"

start=$(date +%s)
PYTHONPATH="$root" "$venv/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$root/dist" --workpath "$root/build/pyinstaller" \
  packaging/annotator.spec 2>&1 |
  # The contrib hooks list spacy/thinc test modules the spec excludes: noise.
  { grep -v -E 'Hidden import "(spacy|thinc|srsly)\.tests' || true; }
end=$(date +%s)

app="$root/dist/annotator"
cp packaging/annotator.desktop "$app/"
cp resources/icons/annotator.svg "$app/annotator.svg"
echo "build.sh: built $app in $((end - start)) s"
echo "build.sh: size $(du -sh "$app" | cut -f1) ($(du -sm "$app" | cut -f1) MB)"
