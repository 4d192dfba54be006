#!/usr/bin/env bash
# `npm run setup:code-server`: installs code-server 4.100.3 (a complete VS Code 1.100.3 served to a
# browser) offline into .cache/code-server, for `npm run demo` and the end-to-end suite.
#
# - Idempotent: a finished install is marked by .installed-4.100.3 and reused; an unfinished one is
#   redone (everything is built in a temporary folder first and moved into place at the end).
# - Needs only the npm registry and Debian packages: no binary downloads. Installs the missing Debian
#   packages (chromium to drive it, libkrb5-dev for the kerberos module, ripgrep for search) with
#   apt-get, as root or through sudo.
# - GRADLENS_CODE_SERVER_DIR=/some/dir installs there instead (the harness reads the same variable).
# - GRADLENS_CODE_SERVER_VERSION=4.10.0 installs an older release (into .cache/code-server-4.10.0),
#   to run the end-to-end suite in the oldest VS Code that engines.vscode claims (docs/DEVELOPING.md).
#   Older releases were built for Node 16: their lib/vscode needs --legacy-peer-deps and a newer nan,
#   and native modules that still do not rebuild with Node 20 (keytar, for 4.10.0) are left out;
#   VS Code is served without them.
set -euo pipefail
default_version=4.100.3
version="${GRADLENS_CODE_SERVER_VERSION:-$default_version}"
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "$version" = "$default_version" ]; then
  dest="${GRADLENS_CODE_SERVER_DIR:-$root/.cache/code-server}"
else
  dest="${GRADLENS_CODE_SERVER_DIR:-$root/.cache/code-server-$version}"
fi
marker="$dest/.installed-$version"
entry="$dest/node_modules/code-server/out/node/entry.js"

say() { echo "setup-code-server: $*"; }

# 1. Debian packages (checked every time: a restored cache does not bring Chromium with it).
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
if [ ! -f "$marker" ] && ! { [ -f /usr/include/krb5.h ] || [ -f /usr/include/krb5/krb5.h ]; }; then
  need_apt+=(libkrb5-dev)
fi
# shellcheck source=lib/apt-install.sh
source "$root/scripts/lib/apt-install.sh"
apt_install setup-code-server 1 "${need_apt[@]}"

# 2. code-server itself.
if [ -f "$marker" ] && [ -f "$entry" ]; then
  say "code-server $version already installed in $dest"
  exit 0
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != 20 ]; then
  say "warning: code-server $version is built for Node 20; this is Node $(node -v)" >&2
fi

# npm 11 skips dependency install scripts unless allowed; the native modules below need theirs.
# (Older npm ignores this variable and runs them anyway.)
export npm_config_dangerously_allow_all_scripts=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

mkdir -p "$(dirname "$dest")"
work="$(mktemp -d "$(dirname "$dest")/.code-server-install.XXXXXX")"
log="$work.log"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM
fail() {
  say "failed; the last lines of $log:" >&2
  tail -n 40 "$log" >&2 || true
  exit 1
}

started=$(date +%s)
say "installing code-server $version into $dest (about two minutes; log: $log)"
(
  set -euo pipefail
  cd "$work"
  echo '{"name":"gradlens-code-server-cache","private":true}' > package.json
  npm install --ignore-scripts "code-server@$version"
  npm rebuild argon2 || [ "$version" != "$default_version" ] # only --auth password needs it

  vs="$work/node_modules/code-server/lib/vscode"
  cd "$vs"
  if [ "$version" = "$default_version" ]; then
    npm install --omit=dev --ignore-scripts
  else
    npm install --omit=dev --ignore-scripts --legacy-peer-deps
  fi
  # @vscode/ripgrep's install script downloads rg unless bin/ already holds one.
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  if [ "$version" = "$default_version" ]; then
    npm_config_yes=true npm rebuild # native modules: node-pty (runs `npx node-gyp`), spdlog, ...
  else
    # An older release: its nan (the native-module helper) predates Node 20's V8; a newer nan builds
    # spdlog (the server's logger) and the rest. What still does not build is left out (keytar: the
    # credential store, for which code-server falls back to one in memory).
    npm install --no-save --ignore-scripts --legacy-peer-deps nan@2.22.2
    for module in $(ls node_modules | grep -v '^@'; ls -d node_modules/@*/* 2>/dev/null | sed 's|node_modules/||'); do
      [ -f "node_modules/$module/binding.gyp" ] || continue
      npm_config_yes=true npm rebuild "$module" || echo "setup-code-server: $module did not rebuild with Node $(node -v); continuing without it"
    done
  fi
  # What code-server's own postinstall.sh does:
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
  (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
  if [ "$version" = "$default_version" ]; then
    (cd extensions && npm install --omit=dev --ignore-scripts)
  else
    (cd extensions && npm install --omit=dev --ignore-scripts --legacy-peer-deps)
  fi
) >"$log" 2>&1 || fail

# Check that it starts, then move it into place.
XDG_CONFIG_HOME="$work/.check-config" XDG_DATA_HOME="$work/.check-data" \
  node "$work/node_modules/code-server/out/node/entry.js" --version >>"$log" 2>&1 || fail
rm -rf "$work/.check-config" "$work/.check-data"
rm -rf "$dest"
mv "$work" "$dest"
touch "$marker"
rm -f "$log"
say "code-server $version installed in $dest in $(( $(date +%s) - started )) s"
