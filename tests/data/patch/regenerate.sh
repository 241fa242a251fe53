#!/bin/sh
# Regenerates the expected results of tests/model/tst_patch.cpp with kubectl itself (client-side, no
# cluster needed). Run from anywhere; needs kubectl 1.32 on PATH.
set -eu
cd "$(dirname "$0")"
mkdir -p expected
for f in in/*.yaml; do
    kubectl patch --local -f "$f" -p '{}' -o json > "${f%.yaml}.json"
done
grep -v '^#' cases.txt | while read -r name input type; do
    rm -f "expected/$name.json" "expected/$name.err"
    if kubectl patch --local -f "in/$input.json" --type "$type" -p "$(cat "patches/$name.txt")" -o json \
        > "expected/$name.json" 2> "expected/$name.err"; then
        rm -f "expected/$name.err"
    else
        rm -f "expected/$name.json"
    fi
done
# kubectl's client-side edits (tests/model/tst_clientedits.cpp)
kubectl set image --local -f in/kiada.json kiada=luksa/kiada:0.6 -o json > expected/setimage-one.json
kubectl set image --local -f in/kiada.json '*=busybox:1' -o json > expected/setimage-star.json
kubectl set image --local -f in/kiada.json nope=x:1 kiada=luksa/kiada:0.7 -o json \
    > expected/setimage-missing.json 2> expected/setimage-missing.err || true
kubectl create deployment kiada --image=luksa/kiada:0.5 --dry-run=client -o json > expected/create-kiada.json
kubectl create deployment kiada --image=luksa/kiada:0.5 --replicas=3 --port=8080 --dry-run=client -o json \
    > expected/create-kiada-port.json
kubectl create deployment web --image=nginx --image=docker.io/library/redis:7@sha256:abc --dry-run=client -o json \
    > expected/create-two-images.json
kubectl annotate --local -f in/kiada.json a=1 kubernetes.io/change-cause='update to 0.6' -o json \
    > expected/annotate-add.json
kubectl annotate --local -f expected/annotate-add.json a=2 -o json > /dev/null 2> expected/annotate-conflict.err || true
kubectl annotate --local -f expected/annotate-add.json a=2 --overwrite -o json > expected/annotate-overwrite.json
kubectl annotate --local -f expected/annotate-add.json a- -o json > expected/annotate-remove.json
kubectl label --local -f in/kiada.json ver=0.6 -o json > expected/label-add.json
kubectl label --local -f in/kiada.json rel=canary -o json > /dev/null 2> expected/label-conflict.err || true
kubectl label --local -f in/kiada.json rel=canary --overwrite -o json > expected/label-overwrite.json
kubectl label --local -f in/kiada.json rel- -o json > expected/label-remove.json
