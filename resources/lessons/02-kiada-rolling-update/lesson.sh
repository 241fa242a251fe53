# title: A rolling update, one pod at a time

## The starting point: version 0.6
# kiada runs three pods of version 0.6, deployed with the Recreate strategy.
kubectl apply -f images.yaml
kubectl apply -f svc.kiada.yaml
kubectl apply -f deploy.kiada.0.6.recreate.yaml
kubectl rollout status deployment kiada
kubectl get rs -L ver

## A rolling update to 0.7
# The new manifest switches to RollingUpdate with maxSurge 0 and maxUnavailable 1, sets
# minReadySeconds to 10, and changes the image and the ver label: applying it starts the update.
kubectl apply -f deploy.kiada.0.7.rolling-update.yaml
kubectl get rs -L ver

## One pod at a time
# The first new pod becomes ready after a few seconds; the old ReplicaSet loses its next pod only
# when that new pod has been ready for 10 seconds (minReadySeconds).
sleep 5
kubectl get rs -L ver
sleep 8
kubectl get rs -L ver
sleep 11
kubectl get rs -L ver

## Until the update completes
kubectl rollout status deployment kiada
kubectl get rs -L ver
kubectl get deploy kiada
