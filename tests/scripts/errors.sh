# Malformed commands: each prints kubectl's error and the script goes on.
kubectl get --foo
kubectl get nosuch
kubectl get deploy missing
kubectl rollout status
kubectl rollout status deploy x --timeout=abc
kubectl patch deploy missing -p '{"spec":{}}'
# Writes the API server rejects: nothing changes, kubectl's message, then where in the manifest.
kubectl apply -f manifests/recreate-with-rolling-update.yaml
kubectl apply -f manifests/unknown-field.yaml
kubectl apply -f manifests/selector-mismatch.yaml
kubectl apply -f manifests/syntax-error.yaml
kubectl apply -f ../../resources/lessons/04-dockercoins-worker/worker.yaml
kubectl create deployment kiada --image=luksa/kiada:0.5
kubectl create deployment Kiada --image=luksa/kiada:0.5
kubectl patch deploy kiada -p '{"spec":{"replicas":-1}}'
kubectl patch deploy kiada -p '{"spec":{"strategy":{"type":"Recreate"}}}'
kubectl patch deploy kiada -p '{"spec":'
kubectl patch deploy kiada --type=json -p '[{"op":"replace","path":"/spec/nosuch/x","value":1}]'
kubectl scale deploy kiada --replicas=-1
kubectl set image deploy/kiada nope=luksa/kiada:0.6
kubectl rollout undo deploy kiada --to-revision=9
kubectl get deploy -o json | jq .
