#!/usr/bin/env bash
# Installs what is missing, builds Rollout Lab and opens its window on the default lesson
# (resources/lessons/02-kiada-rolling-update). Arguments are passed to the program:
#   bash scripts/run-app.sh [FILE|LESSON-FOLDER|WORKSPACE]...
# Without a display (no $DISPLAY / $WAYLAND_DISPLAY) it plays the lesson in the terminal with
# rolloutctl instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)" --target rollout-lab rolloutctl
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "run-app: no display; playing the default lesson with rolloutctl instead of opening the window" >&2
  exec build/release/app/rolloutctl/rolloutctl run --echo resources/lessons/02-kiada-rolling-update/lesson.sh
fi
exec build/release/app/rollout-lab/rollout-lab "$@"
