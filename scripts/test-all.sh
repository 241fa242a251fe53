#!/usr/bin/env bash
# Installs what is missing, builds Rollout Lab with warnings as errors and runs every test;
# then builds it again with AddressSanitizer + UndefinedBehaviorSanitizer and runs every test
# under them; then builds the libFuzzer targets and runs each for a short bounded time (a crash fails
# the run). Set ROLLOUT_SKIP_SANITIZERS=1 to skip the second pass on a slow machine,
# ROLLOUT_SKIP_FUZZ=1 to skip the fuzzers, ROLLOUT_FUZZ_SECONDS=N to change their time (20 s each).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
jobs=$(nproc)

echo "== Layers: model/ uses QtCore and yaml-cpp only"
if grep -rnE '#include *[<"](QtGui|QtWidgets|QtCharts|QtSvg|views/)|#include *<Q(Widget|Application|Color|Painter|Pixmap|Image|Font|Icon)\b' model \
   || grep -nE 'Qt6::(Gui|Widgets|Charts|Svg)|rollout_views' model/CMakeLists.txt; then
  echo "model/ must not include QtGui, QtWidgets, QtCharts or views/ (see the lines above)"
  exit 1
fi

echo "== Build and test (warnings as errors)"
cmake --preset ci
cmake --build --preset ci -j "$jobs"
ctest --preset ci -j "$jobs"

if [ "${ROLLOUT_SKIP_SANITIZERS:-0}" != 1 ]; then
  echo "== Build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
  cmake --preset dev-asan
  cmake --build --preset dev-asan -j "$jobs"
  ctest --preset dev-asan -j "$jobs"
fi

if [ "${ROLLOUT_SKIP_FUZZ:-0}" != 1 ]; then
  echo "== Fuzz targets (libFuzzer + ASan + UBSan), ${ROLLOUT_FUZZ_SECONDS:-20} s each"
  bash scripts/fuzz.sh "${ROLLOUT_FUZZ_SECONDS:-20}"
fi
