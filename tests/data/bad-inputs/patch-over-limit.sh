create deployment web --image=nginx
patch deployment web -p '{"spec":{"replicas":150000}}'
