# Workshop slides (seeds 000/001): the dockercoins worker, set image, a missing image, undo, patch.
kubectl apply -f ../../resources/lessons/04-dockercoins-worker/images.yaml
kubectl create deployment worker --image=dockercoins/worker:v0.1 --replicas=10
kubectl rollout status deploy worker
export REGISTRY=dockercoins
export TAG=v0.2
kubectl set image deploy worker worker=$REGISTRY/worker:$TAG
kubectl rollout status deploy worker
kubectl rollout undo deploy worker
kubectl patch deployment worker -p "
spec:
  strategy:
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 3
  minReadySeconds: 10
"
kubectl rollout status deployment worker
kubectl rollout history deployment worker
