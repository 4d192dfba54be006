#!/usr/bin/env bash
# Runs in `npm test` before the unit tests: the export tests (test/export/) run exported models in
# PyTorch and check ONNX files with onnx.checker, through Debian's python3 (`/usr/bin/python3`, or a
# `python3` on the PATH that has the modules). Installs what is missing with apt-get (as root or
# through sudo): python3-torch, python3-onnx. Without a way to install, it says what to install and
# goes on: the export tests then fail with the same message (they never pass silently).
set -euo pipefail
has() { python3 -c "import $1" >/dev/null 2>&1 || /usr/bin/python3 -c "import $1" >/dev/null 2>&1; }

need_apt=()
has torch || need_apt+=(python3-torch)
has onnx || need_apt+=(python3-onnx)
# shellcheck source=lib/apt-install.sh
source "$(dirname "$0")/lib/apt-install.sh"
apt_install ensure-python-torch 0 "${need_apt[@]}"
