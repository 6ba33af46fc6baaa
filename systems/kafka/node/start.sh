#!/bin/sh
# Starts one Kafka KRaft node inside a faultline container (run by tini as PID 1's child):
# writes server.properties from the environment, formats storage on first start, then execs the broker.
set -eu
mkdir -p /etc/kafka /var/lib/kafka/data /var/log/kafka /var/lib/faultline
printf '%s\n' "$FAULTLINE_SERVER_PROPERTIES" > /etc/kafka/server.properties
CP='/opt/kafka/libs/*'
LOGGING="-Dlog4j2.configurationFile=/opt/faultline/log4j2.properties -Dlog4j.configuration=file:/opt/faultline/log4j.properties -Dkafka.logs.dir=/var/log/kafka"

if [ ! -f /var/lib/kafka/data/meta.properties ]; then
  echo "faultline: formatting storage for cluster $FAULTLINE_CLUSTER_ID" >&2
  # shellcheck disable=SC2086
  java $LOGGING -cp "$CP" kafka.tools.StorageTool format -t "$FAULTLINE_CLUSTER_ID" \
    -c /etc/kafka/server.properties --ignore-formatted >> /var/log/kafka/format.log 2>&1
fi

# Clock faults: libfaketime in the broker process only, its offset read from a file the clock nemesis rewrites.
if [ "${FAULTLINE_FAKETIME:-0}" = "1" ]; then
  [ -f /var/lib/faultline/faketime.rc ] || echo "+0" > /var/lib/faultline/faketime.rc
  export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
  export FAKETIME_TIMESTAMP_FILE=/var/lib/faultline/faketime.rc FAKETIME_CACHE_DURATION=1 DONT_FAKE_MONOTONIC=1
fi

echo "faultline: starting broker $FAULTLINE_NODE_ID" >&2
# shellcheck disable=SC2086
exec java -server ${FAULTLINE_HEAP:--Xms512m -Xmx512m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
  -Xlog:gc*:file=/var/log/kafka/gc.log:time,uptime:filecount=2,filesize=20M \
  -Djava.awt.headless=true $LOGGING -cp "$CP" kafka.Kafka /etc/kafka/server.properties
