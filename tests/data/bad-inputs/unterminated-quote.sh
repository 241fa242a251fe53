kubectl get pods "web
