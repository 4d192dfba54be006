#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3) offline into .cache/code-server, reusing it when present.
# Follows the steps recorded for these offline machines: npm packages only, no binary downloads.
# Debian packages needed: chromium (to drive it), libkrb5-dev (kerberos module), ripgrep.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${GRADLENS_CODE_SERVER_DIR:-$root/.cache/code-server}"
marker="$dest/.installed-4.100.3"

if [ -f "$marker" ]; then
  echo "code-server 4.100.3 already installed in $dest"
  exit 0
fi

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
[ -f /usr/include/krb5.h ] || [ -f /usr/include/krb5/krb5.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# npm 11 skips dependency install scripts unless allowed; the native modules below need theirs.
# (Older npm ignores this variable and runs them anyway.)
export npm_config_dangerously_allow_all_scripts=true

rm -rf "$dest"
mkdir -p "$dest"
cd "$dest"
echo '{"name":"gradlens-code-server-cache","private":true}' > package.json
echo "installing code-server 4.100.3 into $dest (about two minutes)"
npm install --no-audit --no-fund --ignore-scripts code-server@4.100.3 >/dev/null
npm rebuild argon2 >/dev/null

vs="$dest/node_modules/code-server/lib/vscode"
(cd "$vs" && npm install --no-audit --no-fund --omit=dev --ignore-scripts >/dev/null)
mkdir -p "$vs/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$vs/node_modules/@vscode/ripgrep/bin/rg"
(cd "$vs" && npm_config_yes=true npm rebuild >/dev/null)
(cd "$vs" && ln -sfn node_modules node_modules.asar)
(cd "$vs/bin/remote-cli" && ln -sfn code-linux.sh code-server)
(cd "$vs/bin/helpers" && ln -sfn browser-linux.sh browser.sh)
(cd "$vs/extensions" && npm install --no-audit --no-fund --omit=dev --ignore-scripts >/dev/null)

touch "$marker"
echo "code-server 4.100.3 installed in $dest"
