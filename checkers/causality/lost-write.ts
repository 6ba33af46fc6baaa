// Why an acknowledged write was lost (or rewritten at another offset). The cause comes after the ack: the broker that
// acknowledged it held the record until a fault took that copy away before a replica that would lead had it — it
// was cut off from its followers, went down, and the next leader's log ended below the record's offset; the old
// leader truncated it when it rejoined. Every fault overlapping the send and the time until the loss could be seen
// gets a role; claims about replicas are made only where broker events or monitor rounds show them.
import type { Op } from '../../core/history/op.ts';
import type { Attribution, CausalFact, FaultRole } from '../../core/result.ts';
import type { LeaderChangeEvent, LogRecoveryEvent, TruncationEvent, ElectionEvent } from '../../core/events.ts';
import type { CausalContext } from './context.ts';
import { faultName, faultRole, faultsOverlapping, verbOf, type Fault } from './faults.ts';
import type { PartitionHistory } from './partition-history.ts';
import { at, joinAnd, offsetRange, relative } from './wording.ts';

export interface AcknowledgedWrite {
  value?: number;
  partition: number;
  topic?: string;
  /** The offset the write was acknowledged at. */
  offset?: number;
  invoke: Op;
  ack: Op;
  /** ns when the loss could first be observed, and how. */
  observedAt: number;
  observedBy: string;
}

interface AckLeader {
  broker: number | null;
  epoch?: number;
  /** How we know: "the send's completion", "broker events", "the monitor round at 43.90 s". */
  how: string;
}

function leaderAtAck(w: AcknowledgedWrite, ctx: CausalContext, history: PartitionHistory | undefined): AckLeader | undefined {
  const known = history?.leaderAt(w.ack.time);
  const node = w.ack.node ?? w.invoke.node;
  if (node !== undefined) {
    const broker = ctx.brokerOf(node) ?? null;
    return { broker, ...(known && known.leader === broker ? { epoch: known.epoch } : {}), how: `the send's completion names ${node}` };
  }
  if (!known) return undefined;
  return { broker: known.leader, epoch: known.epoch, how: known.source === 'broker events' ? 'broker events' : `by the monitor round at ${at(known.since)}` };
}

const fact = (e: { kind: string; time: number; node: string; file: string; line: number }, text: string): CausalFact => ({
  kind: e.kind,
  time: e.time,
  node: e.node,
  text,
  file: e.file,
  line: e.line,
});

/** Does a network fault cut the leader off? Scenario steps name the leader; other faults list the nodes they cut. */
function cutsOff(fault: Fault, leaderName: string): boolean {
  if (typeof fault.detail.leader === 'string') return fault.detail.leader === leaderName;
  return fault.targets.includes(leaderName);
}

interface Findings {
  leader?: AckLeader;
  crash?: Fault;
  isolation?: Fault;
  returned?: Fault;
  /** The first leader after the ack whose log did not reach the record's offset. */
  lacking?: LeaderChangeEvent;
  /** The first leader change after the ack (whatever its log held), from events or monitor rounds. */
  next?: { leader: number | null; epoch: number; time: number; source: string; notBefore?: number };
  leaderTruncations: TruncationEvent[];
  followerTruncations: TruncationEvent[];
  elections: ElectionEvent[];
  recoveries: LogRecoveryEvent[];
}

function investigate(w: AcknowledgedWrite, ctx: CausalContext, history: PartitionHistory | undefined, faults: readonly Fault[]): Findings {
  const leader = leaderAtAck(w, ctx, history);
  const ack = w.ack.time;
  const leaderName = leader && leader.broker !== null ? ctx.nameOf(leader.broker) : undefined;
  const next = history?.nextLeaderChange(ack, leader?.epoch);
  const changes = history ? history.eventsBetween(ack, w.observedAt, ['leader-change']) : [];
  const lacking =
    w.offset === undefined
      ? undefined
      : changes.find((c) => (leader?.epoch === undefined || c.epoch > leader.epoch) && c.startOffset !== undefined && c.startOffset <= w.offset!);
  // Once a leader without the record took over, the offset is reused by later writes: later truncations, elections
  // and recoveries are about other records. Each node's first truncation below the offset is the one that removed it.
  const lossTime = lacking?.time ?? w.observedAt;
  const firstPerNode = (list: TruncationEvent[]) => list.filter((t, i) => list.findIndex((u) => u.node === t.node) === i);
  const truncations =
    history && w.offset !== undefined
      ? firstPerNode(history.eventsBetween(ack, w.observedAt, ['truncation']).filter((t) => t.toOffset <= w.offset!)).filter(
          (t) => t.fromEndOffset === undefined || t.fromEndOffset > w.offset!,
        )
      : [];
  const ofLeader = (f: Fault) => leaderName !== undefined && f.targets.includes(leaderName);
  const deadline = lacking?.time ?? next?.time ?? w.observedAt;
  const crash = faults.find((f) => (f.effect === 'node-down' || f.effect === 'data-loss') && ofLeader(f) && f.applied >= ack && f.invoked <= deadline);
  const isolation =
    leaderName === undefined ? undefined : faults.find((f) => f.effect === 'network' && cutsOff(f, leaderName) && f.invoked <= ack && f.until >= ack);
  const returned = crash ? faults.find((f) => f.effect === 'node-up' && ofLeader(f) && f.applied > crash.applied) : undefined;
  return {
    ...(leader ? { leader } : {}),
    ...(crash ? { crash } : {}),
    ...(isolation ? { isolation } : {}),
    ...(returned ? { returned } : {}),
    ...(lacking ? { lacking } : {}),
    ...(next ? { next } : {}),
    leaderTruncations: truncations.filter((t) => t.node === leaderName),
    followerTruncations: truncations.filter((t) => t.node !== leaderName),
    elections: history ? history.eventsBetween(ack, lossTime, ['unclean-election', 'last-known-leader-election']) : [],
    recoveries:
      history && w.offset !== undefined
        ? history.eventsBetween(ack, lossTime, ['log-recovery']).filter((r) => r.logEndOffset !== undefined && r.logEndOffset <= w.offset!)
        : [],
  };
}

/** What is known about the replicas' copies when the leader went down, in words (or nothing we could show). */
function replicaState(w: AcknowledgedWrite, f: Findings, ctx: CausalContext, history: PartitionHistory | undefined): string {
  const offset = w.offset === undefined ? 'the record' : `offset ${w.offset}`;
  const clauses: string[] = [];
  const recovered = f.recoveries.find((r) => f.leader && r.node === ctx.nameOf(f.leader.broker));
  if (recovered) clauses.push(`it came back with its log ending at offset ${recovered.logEndOffset}`);
  if (f.lacking && f.leader && f.lacking.leader === f.leader.broker)
    clauses.push(`it led again in epoch ${f.lacking.epoch} from offset ${f.lacking.startOffset}, without ${offset}`);
  else if (f.lacking)
    clauses.push(
      `${ctx.nameOf(f.lacking.leader)}, which took over in epoch ${f.lacking.epoch}, had not fetched ${offset} (it started as leader from offset ${f.lacking.startOffset})`,
    );
  const had = f.followerTruncations.filter((t) => t.fromEndOffset !== undefined);
  if (had.length > 0) clauses.push(`${joinAnd(had.map((t) => ctx.nameOf(ctx.brokerOf(t.node))))} had fetched it but later truncated it`);
  if (clauses.length === 0) {
    const isr = history?.isrAt(w.ack.time);
    if (isr && isr.length === 1 && f.leader && isr[0] === f.leader.broker) clauses.push('it was the only in-sync replica');
    else clauses.push(`the history alone does not show whether a follower had fetched ${offset}`);
  }
  return clauses.join('; ');
}

function roles(
  w: AcknowledgedWrite,
  f: Findings,
  ctx: CausalContext,
  history: PartitionHistory | undefined,
  overlapping: readonly Fault[],
  where: string,
): FaultRole[] {
  const ack = w.ack.time;
  const leaderName = f.leader && f.leader.broker !== null ? ctx.nameOf(f.leader.broker) : undefined;
  return overlapping.map((fault) => {
    const name = faultName(fault);
    if (fault === f.crash) {
      const epoch = f.leader?.epoch !== undefined ? ` in epoch ${f.leader.epoch}` : '';
      return faultRole(
        fault,
        fault.effect === 'data-loss' ? 'lost-unsynced' : 'crashed-leader',
        `${leaderName} ${verbOf(fault)} ${relative(fault.applied, ack, 'the ack')} (${name}, at ${at(fault.applied)}), while it led ${where}${epoch}; ${replicaState(w, f, ctx, history)}.`,
      );
    }
    if (fault === f.isolation) {
      const followers = Array.isArray(fault.detail.followers) ? fault.detail.followers.map(String) : [];
      const them = followers.length > 0 ? ` ${joinAnd(followers)}` : '';
      const had = f.followerTruncations.filter((t) => t.fromEndOffset !== undefined).map((t) => t.node);
      const still = had.length > 0 ? `; ${joinAnd(had)} still fetched it (${had.length === 1 ? 'its' : 'their'} later truncation shows it)` : '';
      const text =
        fault.applied <= ack
          ? `${leaderName} was cut off from its followers${them} (${name}) since ${at(fault.applied)}, when it acknowledged the record at ${at(ack)}: they could not fetch it from it${still}.`
          : `${leaderName}'s links to its followers${them} were being cut (${name}, ${at(fault.invoked)}–${at(fault.applied)}) when it acknowledged the record at ${at(ack)}${still}.`;
      return faultRole(fault, 'isolated-leader', text);
    }
    if (fault === f.returned) {
      const truncation = f.leaderTruncations[0];
      const back = `${leaderName} came back (${name}, at ${at(fault.applied)})`;
      return faultRole(
        fault,
        'returned',
        truncation
          ? `${back} and truncated ${where} to offset ${truncation.toOffset} at ${at(truncation.time)}, removing ${offsetRange(truncation.toOffset, truncation.fromEndOffset)}.`
          : `${back}; no truncation of ${where} on it is in the broker events.`,
      );
    }
    const window = fault.phase === 'start' ? `${at(fault.invoked)}–${at(fault.until)}` : `at ${at(fault.applied)}`;
    const why =
      leaderName === undefined
        ? `which broker led ${where} at the ack is not known, so its effect on the record is not known`
        : fault.targets.includes(leaderName)
          ? `it acted on ${leaderName}, but not while ${leaderName} held the record alone`
          : `it did not act on ${leaderName}, the leader that acknowledged the record`;
    return faultRole(fault, 'concurrent', `${name} (${window}) overlaps the send and the time until the loss was seen; ${why}.`);
  });
}

function facts(w: AcknowledgedWrite, f: Findings, ctx: CausalContext, where: string): CausalFact[] {
  const out: CausalFact[] = [];
  if (f.lacking)
    out.push(
      fact(
        f.lacking,
        `${ctx.nameOf(f.lacking.leader)} became leader of ${where} in epoch ${f.lacking.epoch} at ${at(f.lacking.time)} from offset ${f.lacking.startOffset}${f.lacking.election ? ' (elected from the ELR)' : ''}.`,
      ),
    );
  else if (f.next) {
    out.push({
      kind: f.next.source === 'monitor' ? 'monitor' : 'leader-change',
      time: f.next.time,
      node: ctx.nameOf(f.next.leader),
      text: `${f.next.leader === null ? `${where} had no leader` : `${ctx.nameOf(f.next.leader)} led ${where}`} in epoch ${f.next.epoch} from ${f.next.notBefore !== undefined ? `between ${at(f.next.notBefore)} and ` : ''}${at(f.next.time)} (${f.next.source}).`,
    });
  }
  for (const e of f.elections)
    out.push(
      fact(
        e,
        `${e.kind === 'unclean-election' ? 'Unclean election' : 'Last-known-leader election'}: ${ctx.nameOf(e.leader)} became leader of ${where} in epoch ${e.epoch} at ${at(e.time)} (ISR ${e.isrFrom.join(',') || 'empty'} → ${e.isrTo.join(',')}).`,
      ),
    );
  for (const t of f.followerTruncations)
    out.push(
      fact(
        t,
        `${t.node} truncated ${where}${t.fromEndOffset !== undefined ? ` from offset ${t.fromEndOffset}` : ''} to offset ${t.toOffset} at ${at(t.time)}${t.leader !== undefined ? ` following ${ctx.nameOf(t.leader)}` : ''}${t.belowHighWatermark !== undefined ? `, below its high watermark ${t.belowHighWatermark}` : ''}.`,
      ),
    );
  for (const t of f.leaderTruncations)
    out.push(
      fact(
        t,
        `${t.node} truncated ${where}${t.fromEndOffset !== undefined ? ` from offset ${t.fromEndOffset}` : ''} to offset ${t.toOffset} at ${at(t.time)}${t.belowHighWatermark !== undefined ? `, below its high watermark ${t.belowHighWatermark}` : ''}.`,
      ),
    );
  for (const r of f.recoveries)
    out.push(
      fact(
        r,
        `${r.node} restarted with its log of ${where} ending at offset ${r.logEndOffset} (recovered at ${at(r.time)}${r.uncleanShutdown ? ' after an unclean shutdown' : ''}).`,
      ),
    );
  return out;
}

function summarize(
  w: AcknowledgedWrite,
  f: Findings,
  ctx: CausalContext,
  history: PartitionHistory | undefined,
  where: string,
  overlapping: readonly Fault[],
): string {
  const ack = w.ack.time;
  const offset = w.offset === undefined ? 'the record' : `offset ${w.offset}`;
  const leaderName = f.leader && f.leader.broker !== null ? ctx.nameOf(f.leader.broker) : undefined;
  const isr = history?.isrAt(ack);
  const alone = f.leader && isr && isr.length === 1 && isr[0] === f.leader.broker ? ' and its only in-sync replica' : '';
  const since = f.leader && f.leader.how === 'broker events' && history ? history.leaderAt(ack)?.since : undefined;
  const head = f.leader
    ? f.leader.epoch !== undefined
      ? `Acknowledged at ${at(ack)} by ${leaderName ?? 'no leader'}, leader of ${where} in epoch ${f.leader.epoch}${alone}${since !== undefined ? ` since ${at(since)}` : ''} (${f.leader.how}).`
      : `Acknowledged at ${at(ack)} by ${leaderName ?? 'no leader'} (${where}; ${f.leader.how}).`
    : `Acknowledged at ${at(ack)}; which broker led ${where} then is not known (the send's completion names no node, and neither broker events nor monitor rounds cover it).`;
  // The story in time order: each step with the moment it happened.
  const steps: Array<[number, string]> = [];
  if (f.isolation) steps.push([f.isolation.invoked, `its followers were cut off from it (${faultName(f.isolation)}) when it acknowledged the record`]);
  if (f.crash)
    steps.push([
      f.crash.applied,
      `${leaderName} ${verbOf(f.crash)} ${relative(f.crash.applied, ack, 'the ack')} (${faultName(f.crash)}, at ${at(f.crash.applied)})`,
    ]);
  for (const r of f.recoveries) steps.push([r.time, `${r.node} came back with its log ending at offset ${r.logEndOffset}`]);
  const electionName = (e: ElectionEvent) => (e.kind === 'unclean-election' ? 'an unclean election' : 'a last-known-leader election');
  const electedLacking = f.lacking ? f.elections.find((e) => e.epoch === f.lacking!.epoch) : undefined;
  for (const e of f.elections) if (e !== electedLacking) steps.push([e.time, `${ctx.nameOf(e.leader)} was made leader by ${electionName(e)} at ${at(e.time)}`]);
  if (f.lacking)
    steps.push([
      f.lacking.time,
      `${ctx.nameOf(f.lacking.leader)} became leader in epoch ${f.lacking.epoch} at ${at(f.lacking.time)}${electedLacking ? ` by ${electionName(electedLacking)}` : ''}, from offset ${f.lacking.startOffset}, without ${offset}`,
    ]);
  else if (f.next)
    steps.push([
      f.next.time,
      `${f.next.leader === null ? 'the partition lost its leader' : `${ctx.nameOf(f.next.leader)} became leader`} in epoch ${f.next.epoch} by ${at(f.next.time)} (${f.next.source})`,
    ]);
  const had = f.followerTruncations.filter((t) => t.fromEndOffset !== undefined);
  if (had.length > 0)
    steps.push([
      had[0]!.time,
      `${joinAnd(had.map((t) => `${t.node} (log up to offset ${t.fromEndOffset! - 1})`))} had fetched it but truncated it to offset ${had[0]!.toOffset}`,
    ]);
  for (const t of f.leaderTruncations)
    steps.push([t.time, `${t.node} truncated ${where} to offset ${t.toOffset}${f.returned ? ' when it came back,' : ''} at ${at(t.time)}`]);
  if (steps.length === 0) {
    if (overlapping.length === 0) return `${head} No fault overlaps the send (from ${at(w.invoke.time)}) or the time until ${w.observedBy}.`;
    return `${head} No fault overlapping the send or the time until ${w.observedBy} is linked to ${where}: ${joinAnd(overlapping.map(faultName))} (their roles below).`;
  }
  const sentence = steps
    .sort((x, y) => x[0] - y[0])
    .map(([, text]) => text)
    .join('; ');
  return `${head} Then ${sentence}.`;
}

export function attributeLostWrite(w: AcknowledgedWrite, ctx: CausalContext): Attribution {
  const ref = ctx.partitionRef(w.partition, w.topic);
  const history = ref ? ctx.history(ref) : undefined;
  const where = ref ? `partition ${ref.partition}` : `partition ${w.partition}`;
  const overlapping = faultsOverlapping(ctx.faults, w.invoke.time, w.observedAt);
  const findings = investigate(w, ctx, history, overlapping);
  return {
    from: w.invoke.time,
    to: w.observedAt,
    ...(ref ? { partition: ref } : {}),
    summary: summarize(w, findings, ctx, history, where, overlapping),
    faults: roles(w, findings, ctx, history, overlapping, where),
    facts: facts(w, findings, ctx, where),
    basis: ctx.basis(),
  };
}
