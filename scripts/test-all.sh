#!/usr/bin/env bash
# Installs what is missing, builds Rollout Lab with warnings as errors and runs every test;
# then builds it again with AddressSanitizer + UndefinedBehaviorSanitizer and runs every test
# under them. Set ROLLOUT_SKIP_SANITIZERS=1 to skip the second pass on a slow machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
jobs=$(nproc)

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
