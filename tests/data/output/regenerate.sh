#!/bin/sh
# Regenerates expected/ from kubectl (1.32) for every line of cases.txt:
#   kubectl patch --local -f in/<input> -p '{}' -o <value>   -> expected/<name>.out, .err, .rc
set -e
cd "$(dirname "$0")"
mkdir -p expected
grep -v '^#' cases.txt | while IFS='	' read -r name input value; do
    [ -n "$name" ] || continue
    rc=0
    kubectl patch --local -f "in/$input" -p '{}' -o "$value" >"expected/$name.out" 2>"expected/$name.err" || rc=$?
    echo "$rc" >"expected/$name.rc"
done

# Typed objects (json round trip, numbers are float64): kubectl create deployment --dry-run=client
rc=0
kubectl create deployment kiada --image=luksa/kiada:0.6 --replicas=3 --dry-run=client \
    -o 'jsonpath={.spec.replicas[0]}' >expected/typed-not-array.out 2>expected/typed-not-array.err || rc=$?
echo "$rc" >expected/typed-not-array.rc
