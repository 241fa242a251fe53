# title: Dockercoins: a rollout stuck on a missing image

## Ten workers
# The worker Deployment runs ten pods of v0.1 on a Kubernetes 1.8 cluster.
sim load -f cluster.yaml
kubectl apply -f images.yaml
kubectl apply -f worker.yaml
kubectl rollout status deploy worker
kubectl get deploy -o json worker

## Roll out v0.2
# Each old pod ignores SIGTERM and stays Terminating for its 30-second grace period.
export REGISTRY=localhost:30000
export TAG=v0.2
kubectl set image deploy worker worker=$REGISTRY/worker:$TAG
kubectl rollout status deploy worker
kubectl get pods

## A boo-boo: an image that does not exist
# With maxUnavailable 1 and maxSurge 1 the rollout stops with 9 old pods available and 2 new
# pods that cannot pull their image. The app runs at 90 % of its capacity.
export TAG=v0.3
kubectl set image deploy worker worker=$REGISTRY/worker:$TAG
kubectl rollout status deploy worker --timeout=60s
kubectl get rs
kubectl get pods

## Undo
kubectl rollout undo deploy worker
kubectl rollout status deploy worker

## Back to v0.1, conservative on availability, aggressive on speed
# maxUnavailable 0 keeps all ten workers available; maxSurge 3 updates three at a time;
# minReadySeconds 10 lets each new worker warm up before the next ones start.
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
kubectl get deploy -o json worker
