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

# Disk faults: serve the data dir through faultfs (FUSE, mounted over the dir itself) when FAULTLINE_FAULTFS=1 or the
# disk nemesis left its marker; fault rules are read from files in $FAULTFS_DIR (see nemeses/disk/fuse/faultfs.c).
FAULTFS_DIR=/var/lib/faultline/faultfs
if [ "${FAULTLINE_FAULTFS:-0}" = "1" ] || [ -f "$FAULTFS_DIR/enabled" ]; then
  "$FAULTFS_DIR/faultfs" /var/lib/kafka/data "$FAULTFS_DIR" || { echo "faultline: faultfs could not mount over /var/lib/kafka/data" >&2; exit 1; }
fi

# Clock faults: libfaketime in the broker process only, its offset read from a file the clock nemesis rewrites
# (FAULTLINE_FAKETIME=1 at creation, or the clock nemesis's marker on a running cluster).
if [ "${FAULTLINE_FAKETIME:-0}" = "1" ] || [ -f /var/lib/faultline/faketime.enabled ]; then
  [ -f /var/lib/faultline/faketime.rc ] || echo "+0" > /var/lib/faultline/faketime.rc
  # Not libfaketimeMT: it serialises every time call behind one mutex, ~10x slower under the JVM's many threads
  # (3 brokers starting at once on 2 cores never finished); the plain build is thread-safe apart from rare caching.
  export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
  # libfaketime 0.9.10 (bookworm) reads FAKETIME_DONT_FAKE_MONOTONIC (DONT_FAKE_MONOTONIC is the older name), and its
  # "monotonic fix" for pthread_cond_timedwait makes every JVM timed wait return at once (Object.wait(50): 700k wakeups
  # in 2 s instead of 40): brokers then spin and never form a quorum. FAKETIME_FORCE_MONOTONIC_FIX=0 turns it off.
  export FAKETIME_TIMESTAMP_FILE=/var/lib/faultline/faketime.rc FAKETIME_CACHE_DURATION=1 FAKETIME_DONT_FAKE_MONOTONIC=1 DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0
fi

echo "faultline: starting broker $FAULTLINE_NODE_ID" >&2
# shellcheck disable=SC2086
exec java -server ${FAULTLINE_HEAP:--Xms512m -Xmx512m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
  -Xlog:gc*:file=/var/log/kafka/gc.log:time,uptime:filecount=2,filesize=20M \
  -Djava.awt.headless=true $LOGGING -cp "$CP" kafka.Kafka /etc/kafka/server.properties
