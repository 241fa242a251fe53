#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz": clang++, ASan + UBSan) and runs each for a bounded
# time, seeded with the project's own test inputs. A crash, leak, sanitizer report or hang (> 10 s for
# one input) fails the script; the input that caused it is kept under the artifact directory.
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]      # default: 25 s for each of the four targets
# Environment: FUZZ_CORPUS_DIR  a corpus directory kept between runs (default: a fresh temp dir)
#              FUZZ_ARTIFACT_DIR where crashing inputs go (default: build/fuzz/artifacts)
#              FUZZ_SKIP_BUILD=1 use the binaries already built
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-25}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_manifest fuzz_patch fuzz_script fuzz_workspace)

if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ]; then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j "$(nproc)"
fi
bin=$root/build/fuzz/tests/fuzz
artifacts=${FUZZ_ARTIFACT_DIR:-$root/build/fuzz/artifacts}
mkdir -p "$artifacts"
corpus_root=${FUZZ_CORPUS_DIR:-$(mktemp -d)}
[ -z "${FUZZ_CORPUS_DIR:-}" ] && trap 'rm -rf "$corpus_root"' EXIT

seed() { # seed TARGET DIR: copies the project's inputs for TARGET into DIR
  local dir=$2 f
  case $1 in
    fuzz_manifest)
      for f in tests/data/manifests/* tests/data/patch/in/*.yaml tests/data/patch/*.yaml tests/scripts/manifests/* \
               resources/lessons/*/*.yaml tests/data/bad-inputs/*.yaml tests/data/bad-inputs/*.json \
               tests/data/bad-inputs/*.bin; do
        [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 65536 ] && cp "$f" "$dir/$(echo "$f" | tr / _)"
      done ;;
    fuzz_patch)
      # first byte: patch type (0 strategic, 1 merge, 2 json) + 3 * object (0 kiada, 1 worker, 2 kiada-svc)
      while read -r name input type; do
        case $name in '#'*|'') continue ;; esac
        local t=0 o=0
        case $type in merge) t=1 ;; json) t=2 ;; esac
        case $input in worker) o=1 ;; kiada-svc) o=2 ;; esac
        [ -f "tests/data/patch/patches/$name.txt" ] || continue
        { printf "\\$(printf %o $((t + 3 * o)))"; cat "tests/data/patch/patches/$name.txt"; } > "$dir/$name"
      done < tests/data/patch/cases.txt ;;
    fuzz_script)
      for f in tests/scripts/*.sh resources/lessons/*/lesson.sh tests/data/bad-inputs/*.sh; do
        [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr / _)"
      done ;;
    fuzz_workspace)
      for f in tests/fuzz/seeds/workspace/* tests/data/bad-inputs/*.rlw; do
        [ -f "$f" ] && cp "$f" "$dir/$(basename "$f")"
      done ;;
  esac
  return 0
}

status=0
for t in "${targets[@]}"; do
  dir=$corpus_root/$t
  mkdir -p "$dir"
  seed "$t" "$dir"
  dict=()
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  echo "== $t: ${seconds}s, corpus $dir ($(ls "$dir" | wc -l) inputs)"
  if ! "$bin/$t" "$dir" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072 \
       -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/$t-" 2>"$artifacts/$t.log"; then
    tail -n 60 "$artifacts/$t.log"
    echo "FAILED: $t (inputs kept in $artifacts)"
    status=1
  else
    grep -E '^(#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$artifacts/$t.log" || true
  fi
done
exit $status
