# title: Restarting every pod with rollout restart

## Version 0.7 with the RollingUpdate strategy
kubectl apply -f images.yaml
kubectl apply -f svc.kiada.yaml
kubectl apply -f deploy.kiada.0.7.rolling-update.yaml
kubectl rollout status deployment kiada
kubectl get po -l app=kiada -L ver

## Restart every pod
# rollout restart changes nothing but an annotation in the pod template, with the time of the
# restart. A new template means a new ReplicaSet: same version, new pods.
kubectl rollout restart deployment kiada
kubectl get rs -L ver
kubectl get deploy kiada -o jsonpath='{.spec.template.metadata.annotations}{"\n"}'

## The pods are replaced the way an update replaces them
# With RollingUpdate (maxSurge 0, maxUnavailable 1, minReadySeconds 10) one pod at a time: the
# service never loses more than one pod.
sleep 15
kubectl get po -l app=kiada -L ver
kubectl rollout status deployment kiada
kubectl get rs -L ver
kubectl rollout history deployment kiada

## With the Recreate strategy, all pods restart at once
# The API server rejects rollingUpdate parameters with type Recreate, so the patch removes them
# (null). The next restart deletes every pod first, then starts new ones: a short outage.
kubectl patch deployment kiada -p '{"spec": {"strategy": {"type": "Recreate", "rollingUpdate": null}}}'
kubectl rollout restart deployment kiada
kubectl get po -l app=kiada -L ver
kubectl rollout status deployment kiada
kubectl get rs -L ver
