// Stage 4b': the timeline graph, for cycles that no interleaving allows. Each op becomes three moments on its own
// timeline — invoked, committed (transactions only; otherwise the moment stands for completion too), completed — joined
// by "happens before" edges, and each dependency edge becomes one edge between a moment of its source op and a moment
// of its target op (which moments: cycles.ts, `edgeMoments`). A cycle among moments would need a moment to precede
// itself: those ops cannot have happened that way, whatever Kafka's isolation. Because every dependency edge of the
// op graph is kept, every such contradiction lies in some strongly connected component of this graph.

import { ALL_EDGES, outEdgeIndex, type DependencyGraph } from './graph.ts';
import type { Components } from './scc.ts';

/** Kind of the edges that join an op's own moments (invoked → committed → completed). */
export const OWN_TIMELINE = 16;
export const MOMENTS = 3;

export interface TimelineGraph {
  graph: DependencyGraph;
  /** For each edge of `graph`: the op-graph edge it stands for, or -1 for an edge of an op's own timeline. */
  opEdge: Int32Array;
}

/**
 * Built only over the ops of `scope`'s components (the op graph's cycles): a cycle of moments walks through ops that
 * lie on one cycle of the op graph, so nothing outside them can take part. Moment m of the i-th op in scope is node
 * i·3 + m.
 */
export function buildTimelineGraph(ops: DependencyGraph, moments: (kind: number) => [from: number, to: number], scope: Components): TimelineGraph {
  const local = new Int32Array(ops.nodeCount).fill(-1);
  let inScope = 0;
  for (const members of scope.members) for (const op of members) local[op] = inScope++;
  const inside = (edge: number): boolean => {
    const from = ops.edgeFrom[edge] as number;
    const to = ops.edgeTo[edge] as number;
    return scope.componentOf[from] !== -1 && scope.componentOf[from] === scope.componentOf[to];
  };
  let dependencyEdges = 0;
  for (let edge = 0; edge < ops.edgeFrom.length; edge++) if (inside(edge)) dependencyEdges++;
  const nodeCount = inScope * MOMENTS;
  const edgeCount = dependencyEdges + inScope * (MOMENTS - 1);
  const edgeFrom = new Int32Array(edgeCount);
  const edgeTo = new Int32Array(edgeCount);
  const edgeKind = new Uint8Array(edgeCount);
  const opEdge = new Int32Array(edgeCount).fill(-1);
  let e = 0;
  for (let edge = 0; edge < ops.edgeFrom.length; edge++) {
    if (!inside(edge)) continue;
    const kind = ops.edgeKind[edge] as number;
    const [from, to] = moments(kind);
    edgeFrom[e] = (local[ops.edgeFrom[edge] as number] as number) * MOMENTS + from;
    edgeTo[e] = (local[ops.edgeTo[edge] as number] as number) * MOMENTS + to;
    edgeKind[e] = kind;
    opEdge[e++] = edge;
  }
  for (let op = 0; op < inScope; op++) {
    for (let m = 0; m < MOMENTS - 1; m++) {
      edgeFrom[e] = op * MOMENTS + m;
      edgeTo[e] = op * MOMENTS + m + 1;
      edgeKind[e++] = OWN_TIMELINE;
    }
  }
  const { outStart, outEdges } = outEdgeIndex(edgeFrom, nodeCount);
  const empty = new Int32Array(0);
  const graph: DependencyGraph = {
    nodeCount,
    edgeFrom,
    edgeTo,
    edgeKind,
    witnessed: 0,
    witnessKey: empty,
    witnessFrom: empty,
    witnessTo: empty,
    outStart,
    outEdges,
  };
  return { graph, opEdge };
}

/** Every edge kind of the timeline graph: the op graph's dependencies plus the ops' own timelines. */
export const TIMELINE_EDGES = ALL_EDGES | OWN_TIMELINE;
