// Whole-partition reads with @platformatic/kafka (LogReader: ListOffsets, then Fetch from the leader until the end
// offset), behind PartitionReader. Errors are rethrown with the short label the history shows (e.g.
// OFFSET_NOT_AVAILABLE, which the log workload's summary counts).
import { LogReader } from '../../log-reader.ts';
import type { PartitionRead, PartitionReader } from '../types.ts';
import { withLabel } from './labels.ts';

export class PlatformaticPartitionReader implements PartitionReader {
  private readonly reader: LogReader;

  constructor(bootstrap: string[], topic: string, requestTimeoutMs?: number) {
    this.reader = new LogReader({ bootstrap, topic, timeoutMs: requestTimeoutMs });
  }

  endOffsets(): Promise<number[]> {
    return withLabel(this.reader.endOffsets());
  }

  readPartition(partition: number, endOffset: number, deadline: number): Promise<PartitionRead> {
    return withLabel(this.reader.readPartition(partition, endOffset, deadline));
  }

  close(): Promise<void> {
    return this.reader.close();
  }
}
