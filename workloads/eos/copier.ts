// One copier of input partition p: consume-transform-produce with exactly-once, through the run's TransactionalCopier
// (--client). Opening it fences every earlier copier of p (their open transactions are aborted or completed) and only
// then reads the group's committed offset for p. Each copy is one transaction: read up to maxTxnLen records from the
// position with read_committed, produce them unchanged to output partition p, commit the next input offset in the
// same transaction, commit.
//
// A copy that does not finish within its budget completes `info` with what it had started; its remaining steps are
// skipped, and its transaction, if open, is aborted when the next copier of p fences it.
import type { Completion } from '../../core/plugins.ts';
import { errorMessage } from '../../core/errors.ts';
import type { IncomingRecord, KafkaClients, TransactionalCopier } from '../../systems/kafka/clients/types.ts';
import { copyInvocation, type CopyOpValue } from './generator.ts';
import { COPIER_GROUP, copierTransactionalId, INPUT_TOPIC, OUTPUT_TOPIC } from './options.ts';
import { within } from './within.ts';

export interface CopierSetup {
  process: number;
  partition: number;
  maxTxnLen: number;
  /** Time a copy may take before it completes `info`. */
  budgetMs: number;
}

export interface CopyResult extends Completion {
  value: CopyOpValue;
  /** Nothing was left to copy: the copier has reached the input partition's end. */
  idle?: boolean;
}

class Cancelled extends Error {}

/** Opening gives up after this long (a dead coordinator stays cached in a producer; the next attempt asks afresh). */
const OPEN_BUDGET_MS = 5000;

export class Copier {
  private position = 0;
  private closed = false;

  private constructor(
    private readonly client: TransactionalCopier,
    private readonly setup: CopierSetup,
  ) {}

  /** Fences earlier copiers of the partition, then resumes from the group's committed offset. */
  static async open(clients: KafkaClients, setup: CopierSetup): Promise<Copier> {
    const client = await clients.copier(
      { process: setup.process, clientId: `faultline-eos-copier-${setup.process}` },
      {
        inputTopic: INPUT_TOPIC,
        outputTopic: OUTPUT_TOPIC,
        partition: setup.partition,
        groupId: COPIER_GROUP,
        transactionalId: copierTransactionalId(setup.partition),
        maxRecords: setup.maxTxnLen,
      },
    );
    const copier = new Copier(client, setup);
    const budget = Math.min(OPEN_BUDGET_MS, setup.budgetMs);
    try {
      copier.position = await within(client.resume(Date.now() + budget), budget, () => {
        throw new Error(`opening the copier of input partition ${setup.partition} took over ${budget} ms`);
      });
      return copier;
    } catch (e) {
      await copier.close();
      throw e;
    }
  }

  get partition(): number {
    return this.setup.partition;
  }

  /** One copy transaction, bounded by the budget. */
  async copy(): Promise<CopyResult> {
    const value = copyInvocation(this.setup.partition);
    const cancel = { requested: false };
    return within(this.copyUnbounded(value, cancel), this.setup.budgetMs, (): CopyResult => {
      cancel.requested = true;
      return { type: 'info', value: structuredClone(value), error: `copy did not finish within ${this.setup.budgetMs} ms` };
    });
  }

  /** Crash inside a transaction: produce the next records and vanish without committing or aborting. */
  async crash(): Promise<Completion> {
    const { records } = await this.client.read(this.position).catch(() => ({ records: [] as IncomingRecord[] }));
    // A crash is a crash, whatever got sent.
    await this.client.abandon(records).catch(() => undefined);
    await this.close();
    // Copy-shaped, so a checker can name this op when an abandoned record turns up in the committed output.
    const value = copyInvocation(this.setup.partition);
    value.from.offsets = records.map((r) => r.offset);
    value.to = records.map((r) => ({ partition: this.setup.partition, value: Number(r.value), offset: null }));
    return {
      type: 'info',
      value: { partition: this.setup.partition, abandoned: records.length, ...value },
      error: 'crashed on purpose inside a transaction',
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.close();
  }

  private async copyUnbounded(value: CopyOpValue, cancel: { requested: boolean }): Promise<CopyResult> {
    let records: IncomingRecord[];
    try {
      const next = await this.client.read(this.position);
      records = next.records;
      if (records.length === 0) return { type: 'ok', value: structuredClone(value), idle: next.atEnd };
    } catch (e) {
      return { type: 'fail', value: structuredClone(value), error: errorMessage(e).slice(0, 200) };
    }
    value.from.offsets = records.map((r) => r.offset);
    value.to = records.map((r) => ({ partition: this.setup.partition, value: Number(r.value), offset: null }));
    const nextOffset = records.at(-1)!.offset + 1;
    const outcome = await this.client.copy(records, nextOffset, {
      checkpoint: () => {
        if (cancel.requested || this.closed) throw new Cancelled('copy cancelled');
      },
      sent: (offsets) => value.to.forEach((target, i) => (target.offset = offsets[i] ?? null)),
    });
    if (outcome.type === 'ok') {
      this.position = nextOffset;
      return { type: 'ok', value: structuredClone(value), requests: outcome.requests };
    }
    // Aborted or unknown: the next copy re-reads the same records (the client replaced its producer after a failure).
    return { type: outcome.type, value: structuredClone(value), error: outcome.error, requests: outcome.requests };
  }
}
