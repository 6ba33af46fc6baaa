// Stage 4a: the dependency graph between ops (nodes are txn ids; failed ops take no part) in compact CSR form.
// ww: consecutive writers in a key's log order; wr: a writer precedes each op that read its value;
// process: consecutive ops of one process; realtime: one op completed before another (of another process) was invoked,
// built as a transitive reduction so the edge count stays near ops × concurrency.

import { int32Column, uint8Column, type Column } from './columns.ts';
import type { QueueHistory } from './ingest.ts';
import type { KeyLogs } from './logs.ts';
import { Status } from './tables.ts';

export const Edge = { ww: 1, wr: 2, process: 4, realtime: 8 } as const;
export const ALL_EDGES = Edge.ww | Edge.wr | Edge.process | Edge.realtime;

export interface DependencyGraph {
  nodeCount: number;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeKind: Uint8Array;
  /**
   * Why each ww/wr edge exists (edge ids below `witnessed`): the key id, and for ww the two log positions, for wr the
   * log position of the value and the read row that returned it.
   */
  witnessed: number;
  witnessKey: Int32Array;
  witnessFrom: Int32Array;
  witnessTo: Int32Array;
  /** Out-edges of node n: edge ids outEdges[outStart[n] .. outStart[n + 1]). */
  outStart: Int32Array;
  outEdges: Int32Array;
}

/** Expected real-time edges per op (about the number of concurrent processes); the columns grow past it if needed. */
const REALTIME_EDGES_PER_OP = 6;

class EdgeList {
  readonly from: Column<Int32Array>;
  readonly to: Column<Int32Array>;
  readonly kind: Column<Uint8Array>;
  readonly witnessKey: Column<Int32Array>;
  readonly witnessFrom: Column<Int32Array>;
  readonly witnessTo: Column<Int32Array>;

  /** Sized up front from the history, so big histories do not pay for repeated doubling. */
  constructor(history: QueueHistory) {
    const witnessed = history.writes.length + history.reads.length;
    const edges = witnessed + history.txns.count * (1 + REALTIME_EDGES_PER_OP);
    this.from = int32Column(edges);
    this.to = int32Column(edges);
    this.kind = uint8Column(edges);
    this.witnessKey = int32Column(witnessed);
    this.witnessFrom = int32Column(witnessed);
    this.witnessTo = int32Column(witnessed);
  }

  /** ww/wr edges; all must be added before the first plain edge. */
  addWitnessed(from: number, to: number, kind: number, keyId: number, a: number, b: number): void {
    this.add(from, to, kind);
    this.witnessKey.push(keyId);
    this.witnessFrom.push(a);
    this.witnessTo.push(b);
  }

  add(from: number, to: number, kind: number): void {
    this.from.push(from);
    this.to.push(to);
    this.kind.push(kind);
  }

  toGraph(nodeCount: number): DependencyGraph {
    const edgeFrom = this.from.view();
    const { outStart, outEdges } = outEdgeIndex(edgeFrom, nodeCount);
    return {
      nodeCount,
      edgeFrom,
      edgeTo: this.to.view(),
      edgeKind: this.kind.view(),
      witnessed: this.witnessKey.length,
      witnessKey: this.witnessKey.view(),
      witnessFrom: this.witnessFrom.view(),
      witnessTo: this.witnessTo.view(),
      outStart,
      outEdges,
    };
  }
}

/** The CSR out-edge index of an edge list: out-edges of node n are outEdges[outStart[n] .. outStart[n + 1]). */
export function outEdgeIndex(edgeFrom: Int32Array, nodeCount: number): { outStart: Int32Array; outEdges: Int32Array } {
  const outStart = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeFrom.length; e++) outStart[(edgeFrom[e] as number) + 1]!++;
  for (let n = 0; n < nodeCount; n++) outStart[n + 1]! += outStart[n] as number;
  const cursor = outStart.slice(0, nodeCount);
  const outEdges = new Int32Array(edgeFrom.length);
  for (let e = 0; e < edgeFrom.length; e++) outEdges[cursor[edgeFrom[e] as number]!++] = e;
  return { outStart, outEdges };
}

function addWriteWriteEdges(history: QueueHistory, logs: KeyLogs, edges: EdgeList): void {
  const { writes, txns, writerOf } = history;
  logs.byKey.forEach((log, keyId) => {
    const writers = writerOf[keyId] as Map<number, number>;
    let previousTxn = -1;
    let previousPosition = -1;
    for (let position = 0; position < log.values.length; position++) {
      const value = log.values[position] as number;
      if (log.firstPosition.get(value) !== position) continue;
      const writeRow = writers.get(value);
      if (writeRow === undefined) continue;
      const txn = writes.txn.get(writeRow);
      if (txns.status.get(txn) === Status.fail) continue;
      if (previousTxn >= 0 && previousTxn !== txn) edges.addWitnessed(previousTxn, txn, Edge.ww, keyId, previousPosition, position);
      previousTxn = txn;
      previousPosition = position;
    }
  });
}

function addWriteReadEdges(history: QueueHistory, logs: KeyLogs, edges: EdgeList): void {
  const { reads, writes, txns, writerOf } = history;
  const readKey = reads.key.view();
  const readValue = reads.value.view();
  const readTxn = reads.txn.view();
  let lastFrom = -1;
  let lastTo = -1;
  for (let row = 0; row < readKey.length; row++) {
    const keyId = readKey[row] as number;
    const value = readValue[row] as number;
    const writeRow = writerOf[keyId]?.get(value);
    if (writeRow === undefined) continue;
    const writer = writes.txn.get(writeRow);
    const reader = readTxn[row] as number;
    if (writer === reader || txns.status.get(writer) === Status.fail) continue;
    if (writer === lastFrom && reader === lastTo) continue;
    const position = logs.byKey[keyId]?.firstPosition.get(value) ?? -1;
    edges.addWitnessed(writer, reader, Edge.wr, keyId, position, row);
    lastFrom = writer;
    lastTo = reader;
  }
}

function addProcessEdges(history: QueueHistory, edges: EdgeList): void {
  const { txns } = history;
  const lastOfProcess = new Map<number, number>();
  for (let txn = 0; txn < txns.count; txn++) {
    if (txns.status.get(txn) === Status.fail) continue;
    const process = txns.process.get(txn);
    const previous = lastOfProcess.get(process);
    if (previous !== undefined) edges.add(previous, txn, Edge.process);
    lastOfProcess.set(process, txn);
  }
}

/**
 * The frontier holds completed ops no other completed op follows in real time. An op invoked now follows exactly
 * the frontier (everything else it follows is reachable through it); when it completes it replaces the frontier it
 * saw at invocation. Info ops never join the frontier: their effects may land any time later.
 */
function addRealtimeEdges(history: QueueHistory, edges: EdgeList): void {
  const { txns, completionOrder } = history;
  let frontier: number[] = [];
  const frontierAtInvoke = new Map<number, number[]>();
  const stamp = new Int32Array(txns.count).fill(-1);
  let next = 0;
  const complete = (txn: number) => {
    const seen = frontierAtInvoke.get(txn);
    if (!seen) return;
    frontierAtInvoke.delete(txn);
    for (const t of seen) stamp[t] = txn;
    frontier = frontier.filter((t) => stamp[t] !== txn);
    frontier.push(txn);
  };
  for (let txn = 0; txn < txns.count; txn++) {
    const invoked = txns.invokeIndex.get(txn);
    while (next < completionOrder.length && txns.completeIndex.get(completionOrder[next] as number) < invoked) {
      complete(completionOrder[next++] as number);
    }
    const status = txns.status.get(txn);
    if (status === Status.fail) continue;
    const process = txns.process.get(txn);
    for (const before of frontier) if (txns.process.get(before) !== process) edges.add(before, txn, Edge.realtime);
    if (status === Status.ok) frontierAtInvoke.set(txn, frontier);
  }
}

export function buildDependencyGraph(history: QueueHistory, logs: KeyLogs): DependencyGraph {
  const edges = new EdgeList(history);
  addWriteWriteEdges(history, logs, edges);
  addWriteReadEdges(history, logs, edges);
  addProcessEdges(history, edges);
  addRealtimeEdges(history, edges);
  return edges.toGraph(history.txns.count);
}
