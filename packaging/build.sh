#!/usr/bin/env bash
# Build the desktop app: dist/annotator/ (one folder, runs without Python).
#
#   packaging/build.sh                 # fresh build venv in build/venv
#   VENV=/path/to/venv packaging/build.sh   # reuse a venv (e.g. CI's)
#   ARCHIVE=1 packaging/build.sh       # also dist/annotator-<version>-linux-<arch>.tar.gz
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

# Beside the executable: the desktop entry, the icons and the script that
# installs both for the current user.
app="$root/dist/annotator"
cp packaging/annotator.desktop packaging/install-desktop.sh "$app/"
mkdir -p "$app/icons"
cp resources/icons/annotator.svg resources/icons/annotator-*.png "$app/icons/"
echo "build.sh: built $app in $((end - start)) s"
echo "build.sh: size $(du -sh "$app" | cut -f1) ($(du -sm "$app" | cut -f1) MiB)"

# ARCHIVE=1: also the tarball a person downloads, unpacks and starts.
if [ "${ARCHIVE:-0}" = 1 ]; then
  version=$("$app/annotator" --version | awk '{print $2}')
  tarball="$root/dist/annotator-$version-linux-$(uname -m).tar.gz"
  tar -C "$root/dist" -czf "$tarball" annotator
  echo "build.sh: archive $tarball ($(du -sh "$tarball" | cut -f1))"
fi
