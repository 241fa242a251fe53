# title: maxSurge and maxUnavailable

## The starting point: three pods of version 0.6
# The Recreate manifest of version 0.6 again: three pods, one ReplicaSet.
kubectl apply -f images.yaml
kubectl apply -f svc.kiada.yaml
kubectl apply -f deploy.kiada.0.6.recreate.yaml
kubectl rollout status deployment kiada
kubectl get rs -L ver

## maxSurge 1, maxUnavailable 0: add first, remove later
# Three pods must stay available, and a fourth may be added. The controller cannot scale the old
# ReplicaSet down, so it first scales the new one up by one pod.
kubectl apply -f deploy.kiada.0.7.max-surge-1.yaml
kubectl get rs -L ver
kubectl get deploy kiada

## The old ReplicaSet shrinks only when a new pod is available
# Once the new pod has been ready for 10 seconds (minReadySeconds), four pods are available: one
# old pod can go, and a second new pod takes its place. Never more than four pods, never fewer
# than three available.
sleep 18
kubectl get rs -L ver
kubectl get deploy kiada
sleep 20
kubectl get rs -L ver

## Until every pod runs 0.7
kubectl rollout status deployment kiada
kubectl get rs -L ver

## Back to 0.6
# Reapplying the Recreate manifest brings back the ReplicaSet of version 0.6: it is scaled up again.
kubectl apply -f deploy.kiada.0.6.recreate.yaml
kubectl rollout status deployment kiada
kubectl get rs -L ver

## maxSurge 1, maxUnavailable 1: both at once
# Up to four pods, at least two available. The new ReplicaSet grows by one and the old one shrinks
# by one at once; then the new one grows again: two old pods serve while two new ones start.
kubectl apply -f deploy.kiada.0.7.surge-1-unavailable-1.yaml
kubectl get rs -L ver
kubectl get po -l app=kiada -L ver

## The rest follows as the new pods become available
# Each available new pod lets an old one go and a new one start. Terminating pods are not
# counted: for a moment you may see more than four pods.
kubectl rollout status deployment kiada
kubectl get rs -L ver
