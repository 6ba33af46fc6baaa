#!/bin/sh
# Runs the release suite on Kubernetes: the sharded Indexed Job, then the merge once every shard has ended (passed or
# failed). Exits with the merged suite's exit code (0 pass, 1 anomalies, 2 unknown, 254 bad input, 255 harness).
# Needs kubectl on a cluster that can run privileged pods, and the faultline:ci image (see Dockerfile) on its nodes.
set -eu
here=$(dirname "$0")
RUN_ID=$(date -u +%Y%m%dt%H%M%Sz)
export RUN_ID
fill() { sed "s/\${RUN_ID}/$RUN_ID/g" "$1"; }

fill "$here/shards-job.yaml" | kubectl apply -f -
until kubectl get "job/faultline-release-shards-$RUN_ID" -o jsonpath='{.status.conditions[?(@.status=="True")].type}' | grep -Eq 'Complete|Failed'; do
  sleep 30
done
fill "$here/merge-job.yaml" | kubectl apply -f -
until kubectl get "job/faultline-release-merge-$RUN_ID" -o jsonpath='{.status.conditions[?(@.status=="True")].type}' | grep -Eq 'Complete|Failed'; do
  sleep 10
done
kubectl logs "job/faultline-release-merge-$RUN_ID"
code=$(kubectl get pods -l "job-name=faultline-release-merge-$RUN_ID" -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.exitCode}')
echo "merged suite: /results/$RUN_ID/merged (exit $code)"
exit "$code"
