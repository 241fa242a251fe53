kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
