# Book chapter "Updating a Deployment" (seed 002): kiada 0.5 -> 0.6 (Recreate), 0.6 -> 0.7
# (RollingUpdate, maxSurge 0, maxUnavailable 1, minReadySeconds 10), pause/resume, the faulty 0.8
# with minReadySeconds 60 and the progress deadline, undo, history, --to-revision, restart.
kubectl apply -f ../../resources/lessons/03-kiada-faulty-version/images.yaml
kubectl apply -f ../../resources/lessons/01-kiada-recreate/deploy.kiada.0.5.recreate.yaml
kubectl rollout status deploy kiada
kubectl patch deploy kiada --patch '{"spec": {"template": {"metadata": {"labels": {"ver": "0.6"}}, "spec": {"containers": [{"name": "kiada", "image": "luksa/kiada:0.6"}]}}}}'
kubectl rollout status deploy kiada
kubectl get rs -L ver
kubectl apply -f ../../resources/lessons/03-kiada-faulty-version/deploy.kiada.0.7.rolling-update.yaml
kubectl get rs -L ver
sleep 10
kubectl get rs -L ver
sleep 7
kubectl get rs -L ver
sleep 14
kubectl get rs -L ver
kubectl rollout status deploy kiada
kubectl rollout pause deployment kiada
kubectl apply -f ../../resources/lessons/03-kiada-faulty-version/deploy.kiada.0.8.min-ready-60.yaml
kubectl get rs -L ver
kubectl rollout resume deployment kiada
sleep 60
kubectl get rs -L ver
kubectl get deploy kiada
kubectl rollout status deploy kiada
kubectl rollout undo deployment kiada
kubectl rollout status deploy kiada
kubectl rollout history deploy kiada
kubectl rollout history deploy kiada --revision 2
kubectl rollout undo deployment kiada --to-revision=2
kubectl rollout status deploy kiada
kubectl rollout history deploy kiada
kubectl rollout restart deployment kiada
kubectl rollout status deploy kiada
kubectl get rs -L ver
