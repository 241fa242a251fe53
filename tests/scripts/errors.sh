# Malformed commands: each prints kubectl's error and the script goes on.
kubectl get --foo
kubectl get nosuch
kubectl get deploy missing
kubectl rollout status
kubectl rollout status deploy x --timeout=abc
kubectl patch deploy missing -p '{"spec":{}}'
kubectl get deploy -o json | jq .
