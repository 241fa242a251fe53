create deployment web --image=nginx --replicas=2
scale deployment web --replicas=100000000
