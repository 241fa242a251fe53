#!/bin/sh
# Regenerates the expected outputs of tst_dryrun from kubectl 1.32 (no cluster needed: these are
# the client-side dry runs and flag errors). Each case writes <name>.out, <name>.err, <name>.rc.
# klog warnings carry the wall time and kubectl's pid: the test compares the text after "] ".
set -e
cd "$(dirname "$0")"
run() {
    name=$1
    shift
    rc=0
    kubectl "$@" >"$name.out" 2>"$name.err" || rc=$?
    echo "$rc" >"$name.rc"
}
run create-client-yaml create deployment kiada --image=luksa/kiada:0.5 --replicas=3 --dry-run=client -o yaml
run create-client-ns-json create deployment kiada --image=luksa/kiada:0.5 -n default --dry-run=client -o json
run create-client-name create deployment web --image=nginx:1.27 --port=80 --dry-run=client -o name
run create-client create deployment web --image=nginx:1.27 --dry-run=client
run create-deprecated create deployment web --image=nginx:1.27 --dry-run
run create-bool-true create deployment web --image=nginx:1.27 --dry-run=true
run create-bool-false-client-yaml create deployment web --image=nginx:1.27 --dry-run=false -o name --dry-run=client
run create-invalid create deployment web --image=nginx:1.27 --dry-run=foo
run restart-dry-run rollout restart deployment/kiada --dry-run=client
run pause-dry-run rollout pause deployment/kiada --dry-run=server
