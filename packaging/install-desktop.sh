#!/bin/sh
# Add the unpacked app to the current user's desktop menu (no root needed):
# a launcher in ~/.local/share/applications, the icon in the hicolor theme
# at every size, and an `annotator` link in ~/.local/bin. Run it from the
# unpacked folder: ./install-desktop.sh   (again after moving the folder).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
bin="$HOME/.local/bin"

mkdir -p "$bin" "$data/applications"
ln -sf "$here/annotator" "$bin/annotator"
for png in "$here"/icons/annotator-*.png; do
  size="${png##*-}"; size="${size%.png}"
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$data/icons/hicolor/${size}x${size}/apps/annotator.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$here/icons/annotator.svg" "$data/icons/hicolor/scalable/apps/annotator.svg"
# The entry runs this folder's executable by its full path (quoted for spaces).
sed -e "s|^Exec=annotator|Exec=\"$here/annotator\"|" \
    -e "s|^TryExec=annotator|TryExec=$here/annotator|" \
    "$here/annotator.desktop" > "$data/applications/annotator.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "installed: $data/applications/annotator.desktop, icons, $bin/annotator -> $here/annotator"
