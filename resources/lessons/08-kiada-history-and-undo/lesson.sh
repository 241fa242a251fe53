# title: Rollout history, undo and --to-revision

## Four versions, four revisions
# Version 0.5 with Recreate, a patch to 0.6, a rolling update to 0.7, then the faulty 0.8 with
# minReadySeconds 60. Each new pod template is a new ReplicaSet and a new revision.
kubectl apply -f images.yaml
kubectl apply -f svc.kiada.yaml
kubectl apply -f deploy.kiada.0.5.recreate.yaml
kubectl rollout status deployment kiada
kubectl patch deploy kiada --patch '{"spec": {"template": {"metadata": {"labels": {"ver": "0.6"}}, "spec": {"containers": [{"name": "kiada", "image": "luksa/kiada:0.6"}]}}}}'
kubectl rollout status deployment kiada
kubectl apply -f deploy.kiada.0.7.rolling-update.yaml
kubectl rollout status deployment kiada
kubectl apply -f deploy.kiada.0.8.min-ready-60.yaml
sleep 60
kubectl get rs -L ver

## Cancel the faulty rollout with undo
# undo works while a rollout is in progress: the Deployment goes back to the previous pod
# template (0.7), following the same strategy as an update.
kubectl rollout undo deployment kiada
kubectl rollout status deployment kiada
kubectl get rs -L ver

## The rollout history
# Revision 3 is gone: undo gave the ReplicaSet of 0.7 a new number, 5. CHANGE-CAUSE stays empty
# unless the kubernetes.io/change-cause annotation is set.
kubectl rollout history deployment kiada
kubectl rollout history deployment kiada --revision 2

## Each revision is a ReplicaSet
# The revision number is the ReplicaSet's deployment.kubernetes.io/revision annotation; -o wide
# shows the images.
kubectl get rs -o wide
kubectl get rs -o custom-columns='NAME:.metadata.name,REVISION:.metadata.annotations.deployment\.kubernetes\.io/revision,VER:.metadata.labels.ver'

## Back to 0.6 with --to-revision
# Version 0.6 is revision 2. Rolling back to it makes it the newest revision, 6.
kubectl rollout undo deployment kiada --to-revision=2
kubectl rollout status deployment kiada
kubectl rollout history deployment kiada
kubectl get rs -L ver

## Undo is not re-applying an old manifest
# undo restores only the pod template. The strategy and minReadySeconds of the 0.8 manifest stay:
# the 0.6 manifest used Recreate, but the Deployment still rolls with minReadySeconds 60.
kubectl get deploy kiada -o jsonpath='{.spec.strategy.type} {.spec.minReadySeconds}{"\n"}'
