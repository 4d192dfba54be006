#!/usr/bin/env bash
# Renders the marketplace icon media/icon.png (128×128) from media/icon.svg with Debian's Chromium,
# headless. Run it after editing the SVG and commit both. (The activity-bar icon stays an SVG.)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
chromium="${GRADLENS_CHROMIUM:-/usr/bin/chromium}"
"$chromium" --headless --disable-gpu --no-sandbox --hide-scrollbars --disable-background-networking \
  --disable-component-update --no-first-run --default-background-color=00000000 --window-size=128,128 \
  --screenshot="$root/media/icon.png" "file://$root/media/icon.svg" 2>/dev/null
file "$root/media/icon.png"
