// Stage 4b: graph search — Tarjan's strongly connected components (iterative) and shortest paths (BFS), both over
// the edges whose kind matches a mask and, optionally, staying inside the components of an earlier, wider search.

import type { DependencyGraph } from './graph.ts';

export interface Components {
  /** Component of each node, -1 for nodes in no cycle. */
  componentOf: Int32Array;
  /** Nodes of each component (every component has ≥ 2 nodes). */
  members: Int32Array[];
}

/**
 * Components with at least two nodes of the sub-graph of edges matching `mask`. With `scope`, only edges between
 * nodes of the same scope component are followed (cycles never leave a component, so this loses nothing).
 */
export function findComponents(graph: DependencyGraph, mask: number, scope?: Components): Components {
  const { nodeCount, outStart, outEdges, edgeTo, edgeKind } = graph;
  const scopeOf = scope?.componentOf;
  const order = new Int32Array(nodeCount).fill(-1);
  const low = new Int32Array(nodeCount);
  const onStack = new Uint8Array(nodeCount);
  const stack = new Int32Array(nodeCount);
  const callNode = new Int32Array(nodeCount);
  const callCursor = new Int32Array(nodeCount);
  const componentOf = new Int32Array(nodeCount).fill(-1);
  const members: Int32Array[] = [];
  let counter = 0;
  let stackSize = 0;

  const usable = (edge: number, from: number): boolean =>
    ((edgeKind[edge] as number) & mask) !== 0 && (!scopeOf || scopeOf[edgeTo[edge] as number] === scopeOf[from]);

  const visit = (node: number) => {
    order[node] = low[node] = counter++;
    stack[stackSize++] = node;
    onStack[node] = 1;
  };

  const roots = scope ? scope.members.flatMap((m) => [...m]) : null;
  const rootCount = roots ? roots.length : nodeCount;
  for (let r = 0; r < rootCount; r++) {
    const root = roots ? (roots[r] as number) : r;
    if (order[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root;
    callCursor[0] = outStart[root] as number;
    visit(root);
    while (depth >= 0) {
      const node = callNode[depth] as number;
      const end = outStart[node + 1] as number;
      let cursor = callCursor[depth] as number;
      let descended = false;
      while (cursor < end) {
        const edge = outEdges[cursor++] as number;
        if (!usable(edge, node)) continue;
        const target = edgeTo[edge] as number;
        if (order[target] === -1) {
          callCursor[depth] = cursor;
          depth++;
          callNode[depth] = target;
          callCursor[depth] = outStart[target] as number;
          visit(target);
          descended = true;
          break;
        }
        if (onStack[target] && (order[target] as number) < (low[node] as number)) low[node] = order[target] as number;
      }
      if (descended) continue;
      if (low[node] === order[node]) {
        let size = 0;
        while (stack[stackSize - 1 - size] !== node) size++;
        size++;
        stackSize -= size;
        for (let i = stackSize; i < stackSize + size; i++) onStack[stack[i] as number] = 0;
        if (size >= 2) {
          const component = stack.slice(stackSize, stackSize + size);
          for (const member of component) componentOf[member] = members.length;
          members.push(component);
        }
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth] as number;
        if ((low[node] as number) < (low[parent] as number)) low[parent] = low[node] as number;
      }
    }
  }
  return { componentOf, members };
}

/** Breadth-first shortest paths inside one component, reusing its buffers across searches. */
export class PathFinder {
  private readonly parentEdge: Int32Array;
  private readonly seenIn: Int32Array;
  private readonly queue: Int32Array;
  private search = 0;

  constructor(private readonly graph: DependencyGraph) {
    this.parentEdge = new Int32Array(graph.nodeCount);
    this.seenIn = new Int32Array(graph.nodeCount);
    this.queue = new Int32Array(graph.nodeCount);
  }

  /** Edge ids of a shortest path source → target using edges matching `mask` between members of `component`. */
  shortestPath(components: Components, component: number, mask: number, source: number, target: number): number[] | null {
    const { outStart, outEdges, edgeTo, edgeKind, edgeFrom } = this.graph;
    const { componentOf } = components;
    const search = ++this.search;
    let head = 0;
    let tail = 0;
    this.queue[tail++] = source;
    this.seenIn[source] = search;
    while (head < tail) {
      const node = this.queue[head++] as number;
      if (node === target) {
        const path: number[] = [];
        for (let at = target; at !== source;) {
          const edge = this.parentEdge[at] as number;
          path.push(edge);
          at = edgeFrom[edge] as number;
        }
        return path.reverse();
      }
      for (let cursor = outStart[node] as number; cursor < (outStart[node + 1] as number); cursor++) {
        const edge = outEdges[cursor] as number;
        const next = edgeTo[edge] as number;
        if (((edgeKind[edge] as number) & mask) === 0 || this.seenIn[next] === search || componentOf[next] !== component) continue;
        this.seenIn[next] = search;
        this.parentEdge[next] = edge;
        this.queue[tail++] = next;
      }
    }
    return null;
  }
}
