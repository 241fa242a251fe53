# title: maxSurge and maxUnavailable as percentages

## Ten pods of version 0.6
# Scale the Deployment to ten replicas before the update.
kubectl apply -f images.yaml
kubectl apply -f svc.kiada.yaml
kubectl apply -f deploy.kiada.0.6.recreate.yaml
kubectl scale deployment kiada --replicas 10
kubectl rollout status deployment kiada
kubectl get deploy kiada

## maxSurge 25 %, maxUnavailable 25 %
# Percentages are of the desired replicas: maxSurge rounds up (10 x 25 % = 2.5 -> 3) and
# maxUnavailable rounds down (-> 2). So at most 13 pods, and at least 8 of them available.
kubectl apply -f deploy.kiada.0.7.10-replicas.yaml
kubectl get rs -L ver
kubectl get deploy kiada

## Thirteen pods, eight available
# The new ReplicaSet got 3 pods, the old one lost 2, and the new one grew to 5 in the space freed:
# 5 + 8 = 13 pods. As new pods become available, old ones go and new ones start.
sleep 12
kubectl get rs -L ver
kubectl get deploy kiada
sleep 6
kubectl get rs -L ver
kubectl get deploy kiada

## The rollout completes
# 25 % is also the default of both fields. describe shows the strategy and every scaling step.
kubectl rollout status deployment kiada
kubectl get rs -L ver
kubectl describe deploy kiada
