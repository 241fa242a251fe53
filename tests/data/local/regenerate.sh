#!/bin/bash
# Regenerates expected/ for tests/model/tst_kubectl.cpp (localEdits) with kubectl itself: each line
# of cases.txt is `name<TAB>arg<TAB>arg...`, run here as `kubectl arg arg...`; its stdout, stderr and
# exit code go to expected/NAME.out, .err and .rc. An argument written $'...' is decoded as bash's
# ANSI-C quoting does (\n, \t, \\, \'), for patch texts with line breaks or tabs; tst_kubectl.cpp
# decodes it the same way. Run from anywhere; needs kubectl 1.32 on PATH. With names as arguments,
# only those cases. expected/NAME.at (not written here) holds the "  at FILE:LINE:COL" lines Rollout
# Lab adds after kubectl's message for a malformed manifest; tst_kubectl.cpp compares them apart.
set -eu
cd "$(dirname "$0")"
mkdir -p expected
while IFS= read -r line; do
    [ -n "$line" ] || continue
    IFS=$'\t' read -r -a fields <<< "$line"
    name=${fields[0]}
    if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qxF -- "$name"; then
        continue
    fi
    args=()
    for f in "${fields[@]:1}"; do
        if [[ $f == \$\'*\' ]]; then
            eval "f=$f"
        fi
        args+=("$f")
    done
    rc=0
    kubectl "${args[@]}" > "expected/$name.out" 2> "expected/$name.err" || rc=$?
    echo "$rc" > "expected/$name.rc"
done < cases.txt
