// Setting and observing a node's broker clock offset: the faketime file (written through the archive API, so it works
// on paused and stopped nodes too) and a faked `date` run in the node next to the broker.
import type Docker from 'dockerode';
import type { NodeSpec } from '../../systems/kafka/topology.ts';
import { errorMessage } from '../../core/errors.ts';
import { readNodeFile, writeNodeFile } from '../node/files.ts';
import { nodeShellOk } from '../node/shell.ts';
import { nodeState } from '../node/state.ts';
import { FAKED_DATE_COMMAND, FAKETIME_FILE, formatOffset, offsetFromReading, parseOffset } from './faketime.ts';

export async function setOffset(docker: Docker, node: NodeSpec, offsetMs: number): Promise<void> {
  await writeNodeFile(docker, node, FAKETIME_FILE, formatOffset(offsetMs));
}

/** The offset the file asks for (0 when there is no file). */
export async function configuredOffset(docker: Docker, node: NodeSpec): Promise<number> {
  return parseOffset((await readNodeFile(docker, node, FAKETIME_FILE))?.toString('utf8'));
}

/** Offset as a process under the broker's faketime setup sees it, in ms; a string says why it could not be read. */
export async function observedOffset(docker: Docker, node: NodeSpec): Promise<number | string> {
  const state = await nodeState(docker, node);
  if (state !== 'running') return state; // a paused or stopped node has no clock to read
  try {
    const before = Date.now();
    const out = await nodeShellOk(docker, node, FAKED_DATE_COMMAND, 10_000);
    const after = Date.now();
    return offsetFromReading(BigInt(out.trim()), before, after);
  } catch (e) {
    return errorMessage(e).slice(0, 120);
  }
}

/** observedOffset for every node, keyed by node name. */
export async function checkOffsets(docker: Docker, nodes: NodeSpec[]): Promise<Record<string, number | string>> {
  const values = await Promise.all(nodes.map((n) => observedOffset(docker, n)));
  return Object.fromEntries(nodes.map((n, i) => [n.name, values[i]!]));
}
