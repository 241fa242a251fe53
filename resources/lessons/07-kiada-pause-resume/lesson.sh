# title: Pausing and resuming a rollout

## The starting point: version 0.6
kubectl apply -f images.yaml
kubectl apply -f svc.kiada.yaml
kubectl apply -f deploy.kiada.0.6.recreate.yaml
kubectl rollout status deployment kiada
kubectl get rs -L ver

## Pause before you change anything
# A paused Deployment accepts changes to its pod template but does not roll them out: you can
# make several changes and start a single rollout when you are done.
kubectl rollout pause deployment kiada
kubectl apply -f deploy.kiada.0.7.rolling-update.yaml
kubectl get rs -L ver
kubectl get deploy kiada -o jsonpath='{.status.conditions[?(@.type=="Progressing")].reason}{"\n"}'

## Resume: the rollout starts
kubectl rollout resume deployment kiada
kubectl get rs -L ver

## Pause again when the first new pod is ready
# A canary of sorts: one pod runs 0.7 and two run 0.6. The Service sends requests to all three,
# so clients get either version. Check that the new version behaves before you go on.
sleep 8
kubectl rollout pause deployment kiada
kubectl get rs -L ver
kubectl get po -l app=kiada -L ver

## Nothing moves while the Deployment is paused
# The new pod has long been available, yet the controller touches no ReplicaSet. rollout status
# would wait forever, and a paused Deployment cannot be rolled back.
sleep 60
kubectl get rs -L ver
kubectl rollout status deployment kiada --timeout 10s
kubectl rollout undo deployment kiada

## Resume to finish the update
kubectl rollout resume deployment kiada
kubectl rollout status deployment kiada
kubectl get rs -L ver
kubectl rollout history deployment kiada
