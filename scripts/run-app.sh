#!/usr/bin/env bash
# Installs what is missing, builds Rollout Lab and starts it on its default lesson.
# Extra arguments are passed to the program.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
lesson=resources/lessons/02-kiada-rolling-update/lesson.sh
if [ $# -gt 0 ]; then
  exec build/release/app/rolloutctl/rolloutctl "$@"
fi
exec build/release/app/rolloutctl/rolloutctl run --echo "$lesson"
