// Setting and observing a node's broker clock offset: the faketime file (written through the archive API, so it works
// on paused and stopped nodes too) and a faked `date` run in the node next to the broker.
import type { ClusterNode } from '../../core/cluster.ts';
import { errorMessage } from '../../core/errors.ts';
import { nodeShellOk, readNodeFile } from '../../core/runtime.ts';
import { nodeState } from '../node/state.ts';
import { FAKED_DATE_COMMAND, FAKETIME_FILE, formatOffset, offsetFromReading, parseOffset } from './faketime.ts';

export async function setOffset(node: ClusterNode, offsetMs: number): Promise<void> {
  await node.handle.writeFile(FAKETIME_FILE, formatOffset(offsetMs));
}

/** The offset the file asks for (0 when there is no file). */
export async function configuredOffset(node: ClusterNode): Promise<number> {
  return parseOffset((await readNodeFile(node.handle, FAKETIME_FILE))?.toString('utf8'));
}

/** Offset as a process under the broker's faketime setup sees it, in ms; a string says why it could not be read. */
export async function observedOffset(node: ClusterNode): Promise<number | string> {
  const state = await nodeState(node);
  if (state !== 'running') return state; // a paused or stopped node has no clock to read
  try {
    const before = Date.now();
    const out = await nodeShellOk(node.handle, FAKED_DATE_COMMAND, 10_000);
    const after = Date.now();
    return offsetFromReading(BigInt(out.trim()), before, after);
  } catch (e) {
    return errorMessage(e).slice(0, 120);
  }
}

/** observedOffset for every node, keyed by node name. */
export async function checkOffsets(nodes: ClusterNode[]): Promise<Record<string, number | string>> {
  const values = await Promise.all(nodes.map(observedOffset));
  return Object.fromEntries(nodes.map((n, i) => [n.name, values[i]!]));
}
