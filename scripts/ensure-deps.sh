#!/usr/bin/env bash
# Installs the Debian 12 packages Rollout Lab needs, only when something is missing.
set -euo pipefail
pkgs=(build-essential cmake ninja-build pkg-config
      qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-tools-dev qt6-svg-dev
      libqt6opengl6-dev libqscintilla2-qt6-dev libyaml-cpp-dev libgl-dev
      libmimalloc-dev   # the executables' allocator (CMake option ROLLOUT_MIMALLOC)
      xvfb xauth
      clang libclang-rt-14-dev)   # libFuzzer and the sanitizer runtimes for the fuzz targets
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
