# Sourced by the setup scripts: installs Debian packages with apt-get, as root or through sudo.
#
#   apt_install NAME MISSING_EXIT PACKAGE...
#
# Prints "NAME: installing Debian packages: …" and installs them quietly. Without root and without
# sudo it prints what to install (to stderr) and returns MISSING_EXIT: 1 where the caller cannot go
# on, 0 where it can (its tests then fail with the same advice, never pass silently).
apt_install() {
  local name="$1" missing_exit="$2"
  shift 2
  [ $# -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "$name: missing Debian packages: $*; install them as root: apt-get install -y $*" >&2
      return "$missing_exit"
    fi
  fi
  echo "$name: installing Debian packages: $*"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
