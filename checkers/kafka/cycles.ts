// Stage 4c: dependency cycles. One short cycle per strongly connected component and class:
//   G0 (ww only), G1c (ww + wr, with a wr edge), and the -process / -realtime variants that need a process-order or
//   real-time edge. Each is explained edge by edge.
//
// Whether Kafka allows a cycle is decided on each op's own timeline, invoked (S) < committed (C, transactions only)
// < completed (E). Every edge is a fact about two moments: ww — the earlier writer appended after it began, the later
// one before it committed (S_a < C_b; E_b without transactions); wr — under read_committed the writer committed before
// the reader read, which was before the reader committed (C_a < C_b), otherwise the writer appended after it began
// (S_a < C_b or E_b); process and real time — one op completed before the next began (E_a < S_b). A cycle is
// impossible only if following its edges through these moments comes back to an earlier moment of the same op.
// Kafka transactions do not isolate writers, so a ww edge orders two appends, not two transactions: most cycles with
// one are possible interleavings (allowed); a cycle of wr and real-time edges is not. Allowed cycles are listed one
// short cycle per component and class; impossible ones are searched in the graph of moments (timeline.ts), one per
// strongly connected component there, so a short allowed cycle cannot hide a longer impossible one.

import type { CheckContext, QueueCheckPolicy as CheckPolicy } from './context.ts';
import { ALL_EDGES, Edge, type DependencyGraph } from './graph.ts';
import { findComponents, PathFinder, type Components } from './scc.ts';
import { buildTimelineGraph, TIMELINE_EDGES } from './timeline.ts';

const EDGE_NAMES: Record<number, string> = { [Edge.ww]: 'ww', [Edge.wr]: 'wr', [Edge.process]: 'process', [Edge.realtime]: 'rt' };

interface CycleClass {
  /** '' | '-process' | '-realtime' */
  suffix: string;
  /** Edges searched. */
  mask: number;
  /** The cycle must use one edge of this kind; it is found through such an edge. */
  through: number;
  /** Tried first, so a cycle without wr edges is reported as G0 rather than G1c when one exists. */
  preferredMask: number;
}

const CYCLE_CLASSES: CycleClass[] = [
  { suffix: '', mask: Edge.ww, through: Edge.ww, preferredMask: Edge.ww },
  { suffix: '', mask: Edge.ww | Edge.wr, through: Edge.wr, preferredMask: Edge.ww | Edge.wr },
  { suffix: '-process', mask: Edge.ww | Edge.wr | Edge.process, through: Edge.process, preferredMask: Edge.ww | Edge.process },
  { suffix: '-realtime', mask: ALL_EDGES, through: Edge.realtime, preferredMask: Edge.ww | Edge.process | Edge.realtime },
];

/** An edge of kind `through` with both ends in `component`, or -1. */
function edgeInside(graph: DependencyGraph, components: Components, component: number, through: number): number {
  const { outStart, outEdges, edgeKind, edgeTo } = graph;
  for (const node of components.members[component] as Int32Array) {
    for (let cursor = outStart[node] as number; cursor < (outStart[node + 1] as number); cursor++) {
      const edge = outEdges[cursor] as number;
      if (((edgeKind[edge] as number) & through) !== 0 && components.componentOf[edgeTo[edge] as number] === component) return edge;
    }
  }
  return -1;
}

/** Edge ids of a cycle through one `through` edge of the component, preferring `preferredMask` edges. */
function cycleIn(graph: DependencyGraph, paths: PathFinder, components: Components, component: number, cls: CycleClass): number[] | null {
  const edge = edgeInside(graph, components, component, cls.through);
  if (edge < 0) return null;
  const from = graph.edgeFrom[edge] as number;
  const to = graph.edgeTo[edge] as number;
  const back = paths.shortestPath(components, component, cls.preferredMask, to, from) ?? paths.shortestPath(components, component, cls.mask, to, from);
  return back ? [edge, ...back] : null;
}

export function reportCycles(ctx: CheckContext, graph: DependencyGraph): number {
  const everything = findComponents(graph, ALL_EDGES);
  if (everything.members.length === 0) return 0;
  const kindsOf = (cycle: number[]): number[] => cycle.map((edge) => graph.edgeKind[edge] as number);
  let found = 0;
  // Allowed cycles: one short cycle per component and class, listed when some interleaving satisfies it.
  const paths = new PathFinder(graph);
  for (const cls of CYCLE_CLASSES) {
    const components = cls.mask === ALL_EDGES ? everything : findComponents(graph, cls.mask, everything);
    for (let component = 0; component < components.members.length; component++) {
      const cycle = cycleIn(graph, paths, components, component, cls);
      if (!cycle || impossibleInTime(kindsOf(cycle), ctx.policy)) continue;
      found++;
      reportCycle(ctx, graph, cycle, cls.suffix);
    }
  }
  // Failing cycles: one per strongly connected component of the timeline graph, where each is a contradiction in
  // real time. Searching there, not among the short cycles above, finds an impossible cycle even when the shortest
  // cycle through the same ops is an allowed interleaving.
  const timeline = buildTimelineGraph(graph, (kind) => edgeMoments(kind, ctx.policy), everything);
  const contradictions = findComponents(timeline.graph, TIMELINE_EDGES);
  const timelinePaths = new PathFinder(timeline.graph);
  for (let component = 0; component < contradictions.members.length; component++) {
    const edge = edgeInside(timeline.graph, contradictions, component, ALL_EDGES);
    if (edge < 0) continue; // an op's own timeline is acyclic, so every such component has a dependency edge
    const back = timelinePaths.shortestPath(
      contradictions,
      component,
      TIMELINE_EDGES,
      timeline.graph.edgeTo[edge] as number,
      timeline.graph.edgeFrom[edge] as number,
    );
    if (!back) continue;
    const cycle = [edge, ...back].map((e) => timeline.opEdge[e] as number).filter((e) => e >= 0);
    const kinds = kindsOf(cycle);
    const suffix = kinds.includes(Edge.realtime) ? '-realtime' : kinds.includes(Edge.process) ? '-process' : '';
    found++;
    reportCycle(ctx, graph, cycle, suffix);
  }
  return found;
}

interface CycleStep {
  from: string;
  to: string;
  kind: string;
  sentence: string;
  facts: Record<string, unknown>;
}

function describeEdge(ctx: CheckContext, graph: DependencyGraph, edge: number, label: (txn: number) => string): CycleStep {
  const { history, logs } = ctx;
  const { txns } = history;
  const from = graph.edgeFrom[edge] as number;
  const to = graph.edgeTo[edge] as number;
  const kindBit = graph.edgeKind[edge] as number;
  const kind = EDGE_NAMES[kindBit] ?? '?';
  const base = { from: label(from), to: label(to), kind };
  const name = (txn: number) => `${label(txn)} (op ${txns.refIndex(txn)})`;
  if (kindBit === Edge.ww || kindBit === Edge.wr) {
    const keyId = graph.witnessKey[edge] as number;
    const key = history.keys.keyOf(keyId);
    const log = logs.byKey[keyId];
    const at = (position: number) => ({ value: log?.values[position] as number, offset: log?.offsets[position] as number });
    if (kindBit === Edge.ww) {
      const first = at(graph.witnessFrom[edge] as number);
      const second = at(graph.witnessTo[edge] as number);
      return {
        ...base,
        sentence: `${name(from)} wrote ${first.value} to key ${key} at offset ${first.offset}, and ${name(to)} wrote ${second.value} to key ${key} at offset ${second.offset}, later in the log, so ${label(from)} <ww ${label(to)}`,
        facts: { key, fromValue: first.value, fromOffset: first.offset, toValue: second.value, toOffset: second.offset },
      };
    }
    const read = graph.witnessTo[edge] as number;
    const value = history.reads.value.get(read);
    const offset = history.reads.offset.get(read);
    return {
      ...base,
      sentence: `${name(from)} wrote ${value} to key ${key} and ${name(to)} read it at offset ${offset}, so ${label(from)} <wr ${label(to)}`,
      facts: { key, value, offset },
    };
  }
  if (kindBit === Edge.process) {
    const process = txns.process.get(from);
    return {
      ...base,
      sentence: `${name(from)} came before ${name(to)} on process ${process}, so ${label(from)} <process ${label(to)}`,
      facts: { process },
    };
  }
  const completed = txns.completeIndex.get(from);
  const invoked = txns.invokeIndex.get(to);
  return {
    ...base,
    sentence: `${name(from)} completed at index ${completed}, before ${name(to)} was invoked at index ${invoked}, so ${label(from)} <rt ${label(to)}`,
    facts: { completed, invoked },
  };
}

const INVOKED = 0;
const COMMITTED = 1;
const COMPLETED = 2;

/** The moment an edge leaves its source op at, and the moment it reaches its target op at (see the header). */
function edgeMoments(kind: number, policy: CheckPolicy): [from: number, to: number] {
  const effect = policy.txn ? COMMITTED : COMPLETED;
  if (kind === Edge.ww) return [INVOKED, effect];
  if (kind === Edge.wr) return policy.txn && policy.isolation === 'read_committed' ? [COMMITTED, COMMITTED] : [INVOKED, effect];
  return [COMPLETED, INVOKED];
}

/** true when no real-time interleaving of the cycle's ops can satisfy all its edges (edge i goes from op i to op i+1). */
export function impossibleInTime(kinds: readonly number[], policy: CheckPolicy): boolean {
  return kinds.every((kind, i) => {
    const arrival = edgeMoments(kinds[(i + kinds.length - 1) % kinds.length] as number, policy)[1];
    return arrival <= edgeMoments(kind, policy)[0];
  });
}

function reportCycle(ctx: CheckContext, graph: DependencyGraph, cycle: number[], suffix: string): void {
  const hasWriteRead = cycle.some((edge) => graph.edgeKind[edge] === Edge.wr);
  const base = hasWriteRead ? 'G1c' : 'G0';
  const allowed = !impossibleInTime(
    cycle.map((edge) => graph.edgeKind[edge] as number),
    ctx.policy,
  );
  ctx.anomalies.add(base + suffix, allowed, () => {
    const { txns } = ctx.history;
    const nodes = cycle.map((edge) => graph.edgeFrom[edge] as number);
    const labels = new Map(nodes.map((txn, i) => [txn, `T${i + 1}`]));
    const label = (txn: number) => labels.get(txn) ?? '?';
    const steps = cycle.map((edge) => describeEdge(ctx, graph, edge, label));
    const loop = [...nodes, nodes[0] as number].map(label).join(' → ');
    const kindText = hasWriteRead
      ? 'It includes write-read dependencies (G1c, circular information flow): an op observed a write that, by the logs, came after effects of its own.'
      : 'Its data dependencies are all write-write orders (G0, a write cycle).';
    const orderText =
      suffix === '-process'
        ? ' It relies on process order: each op of a process follows the previous one.'
        : suffix === '-realtime'
          ? ' It relies on real-time order: an op that completed before another was invoked precedes it.'
          : '';
    const verdict = allowed
      ? ` Yet all of these can hold at once: ${ctx.policy.txn ? 'Kafka transactions do not isolate concurrent writers, so a ww edge orders two appends, not two transactions' : 'without transactions an op\u2019s sends and polls are not atomic'}${ctx.policy.isolation === 'read_uncommitted' && hasWriteRead ? ', and read_uncommitted polls see writes before they commit' : ''}; some interleaving of the ops\u2019 appends, commits and polls satisfies every edge, so Kafka\u2019s model allows this.`
      : ' Following the edges in time (a writer appends after it begins and before it commits; a committed write is read before the reader commits; an op completes before a later one begins) returns to an earlier moment of the first op: no interleaving allows it.';
    return {
      explanation: `${steps.map((s) => s.sentence).join('; ')}. These relations form the cycle ${loop}, so no order of these ops agrees with all of them. ${kindText}${orderText}${verdict}`,
      ops: nodes.map((txn) => txns.refIndex(txn)),
      details: {
        cycle: nodes.map((txn) => ({ txn: label(txn), op: txns.refIndex(txn), process: txns.process.get(txn) })),
        edges: steps.map(({ from, to, kind, facts }) => ({ from, to, kind, ...facts })),
      },
    };
  });
}
