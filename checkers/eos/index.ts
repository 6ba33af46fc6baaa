// The exactly-once checker for `eos` histories (shapes: ./ops.ts): the committed output must equal the input as a
// multiset (lost, duplicate, unexpected), keep each input partition's order when asked (reordered), and observers must
// never see aborted (aborted-read) or duplicated (observed-duplicate) records. Kafka's EOS promises all of it: nothing
// here is `allowed`. Without a final read the output cannot be judged, and a run with no anomaly is `unknown`.

import type { Op } from '../../core/history/op.ts';
import { AnomalyCollector } from '../kafka/collector.ts';
import type { CheckerResult } from '../../core/result.ts';
import { ingestEosHistory } from './ingest.ts';
import { reportObserverAnomalies } from './observer.ts';
import { buildOutput, reportInconsistentOffsets, reportMultisetDifferences, reportReordering } from './output.ts';

export interface EosCheckOptions {
  /** Check that each output partition holds every input partition's values in input order. */
  orderPerPartition?: boolean;
  /** The output topic's name, so duplicates name the partition they sit in for causal attribution (broker events). */
  outputTopic?: string;
}

export function checkEos(ops: Op[], opts: EosCheckOptions = {}): CheckerResult {
  const started = performance.now();
  const history = ingestEosHistory(ops);
  const output = buildOutput(history);
  const anomalies = new AnomalyCollector();
  const hasFinalRead = history.finalReadOps.length > 0;

  reportInconsistentOffsets(history, anomalies);
  if (hasFinalRead) {
    reportMultisetDifferences(history, output, anomalies, opts.outputTopic);
    if (opts.orderPerPartition) reportReordering(history, output, anomalies);
  }
  const observedRecords = reportObserverAnomalies(history, output, anomalies);

  const copies = { ok: 0, fail: 0, info: 0 };
  let crashes = 0;
  for (const copy of history.copies) {
    if (copy.crashed) crashes++;
    else copies[copy.outcome]++;
  }
  const stats = {
    ops: ops.length,
    inputValues: [...history.input.values()].reduce((n, values) => n + values.length, 0),
    outputRecords: output.logs.reduce((n, log) => n + log.offsets.length, 0),
    finalReads: history.finalReadOps.length,
    observeOps: history.observeOps,
    observedRecords,
    copies,
    crashes,
    orderPerPartition: opts.orderPerPartition ?? false,
    elapsedMs: Math.round(performance.now() - started),
  };
  // Without a final read the output cannot be compared with the input: only the observers' anomalies are looked for.
  const looked = [
    'inconsistent-offsets',
    ...(hasFinalRead ? ['lost', 'duplicate', 'unexpected', ...(opts.orderPerPartition ? ['reordered'] : [])] : []),
    'aborted-read',
    'observed-duplicate',
  ];
  return anomalies.result('eos', stats, looked, hasFinalRead ? true : 'unknown');
}
