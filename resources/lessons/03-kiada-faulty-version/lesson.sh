# title: A faulty version: minReadySeconds and the progress deadline

## Version 0.7 runs
kubectl apply -f svc.kiada.yaml
kubectl apply -f images.yaml
kubectl apply -f deploy.kiada.0.6.recreate.yaml
kubectl rollout status deployment kiada
kubectl apply -f deploy.kiada.0.7.rolling-update.yaml
kubectl rollout status deployment kiada

## Deploy the faulty version 0.8
# Version 0.8 starts failing 30 seconds after it starts (FAIL_AFTER_SECONDS). With
# minReadySeconds 60 its first pod never becomes available, so the rollout stops there.
kubectl apply -f deploy.kiada.0.8.min-ready-60.yaml
sleep 60
kubectl get rs -L ver
kubectl get deploy kiada

## The progress deadline
# After 600 seconds without progress the Progressing condition turns False.
kubectl rollout status deployment kiada
kubectl describe deploy kiada

## Roll back
kubectl rollout undo deployment kiada
kubectl rollout status deployment kiada
kubectl rollout history deployment kiada
kubectl get rs -o wide
