# title: The Recreate strategy

## Version 0.5 with the Recreate strategy
# Three kiada pods run version 0.5. The Deployment uses the Recreate strategy.
kubectl apply -f cluster.yaml
kubectl apply -f images.yaml
kubectl apply -f svc.kiada.yaml
kubectl apply -f deploy.kiada.0.5.recreate.yaml
kubectl rollout status deployment kiada
kubectl get rs -L ver

## Update the image and the version label with one patch
# Recreate scales the old ReplicaSet to zero first. All three old pods terminate at once.
kubectl patch deploy kiada --patch '{"spec": {"template": {"metadata": {"labels": {"ver": "0.6"}}, "spec": {"containers": [{"name": "kiada", "image": "luksa/kiada:0.6"}]}}}}'
kubectl get po -l app=kiada -L ver
kubectl get rs -L ver

## The old pods disappear and new ones replace them
kubectl get po -l app=kiada -L ver
kubectl get rs -L ver

## The new ReplicaSet starts only when every old pod is gone
# While the old pods terminate and before the new ones are ready, no pod serves the Service.
kubectl rollout status deployment kiada
kubectl get po -l app=kiada -L ver
kubectl get rs -L ver
