# Workshop slides (seeds 000/001): the dockercoins worker on a Kubernetes 1.8 cluster, 10 replicas of
# an extensions/v1beta1 Deployment; set image v0.2; the missing image v0.3 leaves 9 old + 2 new pods;
# undo; a patch to maxUnavailable 0, maxSurge 3, minReadySeconds 10.
kubectl apply -f ../../resources/lessons/04-dockercoins-worker/cluster.yaml
kubectl apply -f ../../resources/lessons/04-dockercoins-worker/images.yaml
kubectl apply -f ../../resources/lessons/04-dockercoins-worker/worker.yaml
kubectl rollout status deploy worker
export REGISTRY=localhost:30000
export TAG=v0.2
kubectl set image deploy worker worker=$REGISTRY/worker:$TAG
kubectl rollout status deploy worker
export TAG=v0.3
kubectl set image deploy worker worker=$REGISTRY/worker:$TAG
kubectl rollout status deploy worker --timeout=60s
kubectl get rs
kubectl get deploy worker
kubectl rollout undo deploy worker
kubectl rollout status deploy worker
kubectl patch deployment worker -p "
spec:
  template:
    spec:
      containers:
      - name: worker
        image: $REGISTRY/worker:v0.1
  strategy:
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 3
  minReadySeconds: 10
"
kubectl rollout status deployment worker
kubectl get deploy worker -o jsonpath='{.spec.strategy}{"\n"}'
kubectl rollout history deployment worker
