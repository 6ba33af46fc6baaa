// A broker recovering its logs at start-up after an unclean stop (kill, crash, power loss), and segments found corrupt.
// The "Completed load of Log" line that follows gives the partition's log end offset after recovery: what survived.
import type { LogCorruptionEvent, LogRecoveryEvent } from '../../../core/events.ts';
import { splitTopicPartition } from './log-line.ts';
import type { Matcher } from './node-log.ts';

// 3.9:  Recovering 6 logs from /var/lib/kafka/data since no clean shutdown file was found
// 4.x:  Recovering 6 logs from /var/lib/kafka/data since no clean shutdown file was found
// 4.x:  Skipping recovery of 6 logs from /var/lib/kafka/data since clean shutdown file was found
const UNCLEAN_START = /^Recovering \d+ logs from \S+ since no clean shutdown file was found/;
const CLEAN_START = /^Skipping recovery of \d+ logs from \S+ since clean shutdown file was found/;

// 3.9:  [LogLoader partition=faultline-lost-writes-4, dir=/var/lib/kafka/data] Recovering unflushed segment 0. 0/1 recovered for faultline-lost-writes-4.
// 4.x:  [LogLoader partition=faultline-lost-writes-2, dir=/var/lib/kafka/data] Recovering unflushed segment 0. 0 recovered for faultline-lost-writes-2.
const SEGMENT = /^\[LogLoader partition=(\S+), dir=[^\]]*\] Recovering unflushed segment (\d+)\./;

// 3.9:  Completed load of Log(dir=/var/lib/kafka/data/faultline-lost-writes-4, topicId=vNQ3Jw78Q3KBykdyXQBq4A, topic=faultline-lost-writes, partition=4, highWatermark=0, lastStableOffset=0, logStartOffset=0, logEndOffset=693) with 1 segments, …
// 4.x:  Completed load of Log(dir=/var/lib/kafka/data/faultline-lost-writes-2, topicId=nYi1UeG7T9SU5ZhCqdwEXg, topic=faultline-lost-writes, partition=2, highWatermark=0, lastStableOffset=0, logStartOffset=0, logEndOffset=327) with 1 segments, …
const LOADED = /^Completed load of Log\(dir=[^,]*, topicId=[^,]*, topic=([^,]+), partition=(\d+), .*\blogEndOffset=(\d+)\)/;

// 3.9 and 4.x write the same message (LogSegment.recover); no recorded run of ours has hit it yet, so this is the
// message as Kafka's source formats it, "Found invalid messages in log segment {file} at byte offset {n}: {reason}. {cause}":
//   Found invalid messages in log segment /var/lib/kafka/data/faultline-lost-writes-2/00000000000000000000.log at byte offset 4096: Record size 0 is less than the minimum record overhead (14). null
const CORRUPT = /^Found invalid messages in log segment (\S+) at byte offset (\d+): (.*)$/;

export const matchRecovery: Matcher = (line, origin, log) => {
  const { message } = line;
  if (UNCLEAN_START.test(message)) {
    log.uncleanShutdown = true;
    log.recovering.clear();
    return undefined;
  }
  if (CLEAN_START.test(message)) {
    log.uncleanShutdown = false;
    log.recovering.clear();
    return undefined;
  }
  const segment = message.includes('Recovering unflushed segment') ? SEGMENT.exec(message) : null;
  if (segment) {
    const where = splitTopicPartition(segment[1]!);
    if (!where) return undefined;
    const event: LogRecoveryEvent = { kind: 'log-recovery', ...origin, ...where, segment: Number(segment[2]), uncleanShutdown: log.uncleanShutdown };
    log.recovering.set(`${where.topic}-${where.partition}`, event);
    return [{ kind: 'event', event }];
  }
  const loaded = message.startsWith('Completed load of Log(') ? LOADED.exec(message) : null;
  if (loaded) {
    const [topic, partition, end] = [loaded[1]!, Number(loaded[2]), Number(loaded[3])];
    log.setEndOffset(topic, partition, end);
    const recovering = log.recovering.get(`${topic}-${partition}`);
    if (recovering) recovering.logEndOffset = end;
    log.recovering.delete(`${topic}-${partition}`);
    return undefined;
  }
  const corrupt = message.startsWith('Found invalid messages') ? CORRUPT.exec(message) : null;
  if (!corrupt) return undefined;
  const file = corrupt[1]!;
  const where = splitTopicPartition(file.split('/').at(-2) ?? '');
  const event: LogCorruptionEvent = {
    kind: 'log-corruption',
    ...origin,
    ...(where ?? {}),
    segmentFile: file,
    bytePosition: Number(corrupt[2]),
    detail: corrupt[3]!,
  };
  return [{ kind: 'event', event }];
};
