// Attribution for any anomaly without a more specific account: the faults overlapping the life of its ops and the time
// until it was observed, each marked `during-op` when it acted on a node one of its ops used while that op ran (or
// while it ran and the op's node is not recorded), `concurrent` otherwise; and the broker events of the partition it
// names (leader and ISR changes, elections, truncations, recoveries) inside that window.
import type { Anomaly, Attribution, CausalFact, FaultRole } from '../../core/result.ts';
import { isClientProcess, type Op } from '../../core/history/op.ts';
import type { CausalContext } from './context.ts';
import { faultName, faultRole, faultsOverlapping, type Fault } from './faults.ts';
import { at, joinAnd } from './wording.ts';

const PARTITION_FACT_KINDS = [
  'leader-change',
  'isr-shrink',
  'isr-expand',
  'elr-change',
  'unclean-election',
  'last-known-leader-election',
  'truncation',
  'log-recovery',
  'log-corruption',
  'txn-markers-skipped',
] as const;
const MAX_FACTS = 12;

interface OpLife {
  index: number;
  f: string;
  process: string;
  node?: string;
  from: number;
  to: number;
}

/** Each client op the anomaly names, as the interval from its invocation to its completion. */
function opLives(anomaly: Anomaly, ctx: CausalContext): OpLife[] {
  const lives = new Map<number, OpLife>();
  for (const index of anomaly.ops) {
    const op = ctx.op(index);
    if (!op || !isClientProcess(op.process)) continue;
    const other = ctx.partner(index);
    const [invoke, completion]: [Op, Op | undefined] = op.type === 'invoke' ? [op, other] : [other ?? op, op];
    const node = completion?.node ?? invoke.node;
    lives.set(invoke.index, {
      index: invoke.index,
      f: invoke.f,
      process: String(invoke.process),
      ...(node !== undefined ? { node } : {}),
      from: invoke.time,
      to: completion?.time ?? invoke.time,
    });
  }
  return [...lives.values()].sort((a, b) => a.from - b.from);
}

function roleOf(fault: Fault, lives: readonly OpLife[]): FaultRole {
  const name = faultName(fault);
  const window = fault.phase === 'start' ? `${at(fault.invoked)}–${at(fault.until)}` : `at ${at(fault.applied)}`;
  const during = lives.filter((l) => fault.invoked <= l.to && fault.until >= l.from);
  const onItsNode = during.filter((l) => l.node !== undefined && fault.targets.includes(l.node));
  if (onItsNode.length > 0) {
    const l = onItsNode[0]!;
    return faultRole(
      fault,
      'during-op',
      `${name} (${window}) acted on ${l.node} while op ${l.index} (${l.f} by process ${l.process}) used it (${at(l.from)}–${at(l.to)}).`,
    );
  }
  const nodeUnknown = during.filter((l) => l.node === undefined);
  if (nodeUnknown.length > 0) {
    const l = nodeUnknown[0]!;
    return faultRole(
      fault,
      'during-op',
      `${name} (${window}) acted while op ${l.index} (${l.f} by process ${l.process}) ran (${at(l.from)}–${at(l.to)}); the history does not say which node that op used.`,
    );
  }
  return faultRole(
    fault,
    'concurrent',
    `${name} (${window}) overlaps the time until the anomaly was observed, but acted on none of the nodes its ops used while they ran.`,
  );
}

export function attributeGeneric(anomaly: Anomaly, ctx: CausalContext): Attribution {
  const lives = opLives(anomaly, ctx);
  const times = anomaly.ops.flatMap((i) => [ctx.op(i)?.time, ctx.partner(i)?.time]).filter((t): t is number => t !== undefined);
  const from = times.length > 0 ? Math.min(...times) : 0;
  const to = times.length > 0 ? Math.max(...times) : 0;
  const details = anomaly.details ?? {};
  const number = typeof details.partition === 'number' ? details.partition : typeof details.key === 'number' ? details.key : undefined;
  const ref = number === undefined ? undefined : ctx.partitionRef(number, typeof details.topic === 'string' ? details.topic : undefined);
  const faults = faultsOverlapping(ctx.faults, from, to).map((f) => roleOf(f, lives));
  const facts: CausalFact[] = [];
  if (ref) {
    const events = ctx.history(ref).eventsBetween(from - 1, to, PARTITION_FACT_KINDS);
    // A skipped transaction marker explains more than any leader change: it is kept even past the cap.
    const kept = [...events.filter((e) => e.kind === 'txn-markers-skipped'), ...events.filter((e) => e.kind !== 'txn-markers-skipped')]
      .slice(0, MAX_FACTS)
      .sort((a, b) => a.time - b.time);
    for (const e of kept) {
      facts.push({ kind: e.kind, time: e.time, node: e.node, text: `${e.node}: ${e.text}`, file: e.file, line: e.line });
    }
  }
  const window = `${at(from)}–${at(to)}`;
  const during = faults.filter((f) => f.role === 'during-op');
  const concurrent = faults.filter((f) => f.role === 'concurrent');
  const skipped = facts.find((f) => f.kind === 'txn-markers-skipped');
  const partitionNote =
    ref && facts.length > 0
      ? ` Partition ${ref.partition} changed meanwhile: ${facts.length} broker event${facts.length === 1 ? '' : 's'} (below).` +
        (skipped
          ? ` ${skipped.node}'s transaction coordinator completed a transaction without writing its marker to this partition` +
            ` (${at(skipped.time)}; it found no leader for it and took it for deleted): that transaction's records here stay` +
            " open and become part of the same producer's next transaction on the partition, committed with it."
          : '')
      : '';
  const summary =
    times.length === 0
      ? 'The anomaly names no op of the history, so no window to attribute.'
      : faults.length === 0
        ? `No fault overlaps its ops or the time until it was observed (${window}).${partitionNote}`
        : [
            during.length > 0
              ? `While its ops ran: ${joinAnd(during.map((f) => `${f.family === f.action ? f.family : `${f.family} ${f.action}`} ${f.targets.join(',')}`.trim()))}.`
              : 'No fault acted on its ops while they ran.',
            concurrent.length > 0
              ? `Also overlapping the window (${window}), with no link found: ${joinAnd(concurrent.map((f) => `${f.family === f.action ? f.family : `${f.family} ${f.action}`} ${f.targets.join(',')}`.trim()))}.`
              : '',
            partitionNote.trim(),
          ]
            .filter(Boolean)
            .join(' ');
  return { from, to, ...(ref ? { partition: ref } : {}), summary, faults, facts, basis: ctx.basis() };
}
