// Nemesis `disk`: faults of a node's data directory through faultfs (FUSE over the dir): eio, slow, enospc,
// lose-unsynced (crash losing everything not fsynced), and corrupt (damage a segment file of a stopped node).
import type { ClusterNode } from '../../core/cluster.ts';
import { readNodeFile } from '../../core/runtime.ts';
import type { Random } from '../../core/generator/random.ts';
import type { TestSpec } from '../../core/spec.ts';
import type { Nemesis, NemesisOutcome } from '../../core/plugins.ts';
import { errorMessage } from '../../core/errors.ts';
import { eachNode, healOutcome, outcome, type FaultEnv, type FaultFamily, type ManualRequest } from '../family.ts';
import { option, type Options } from '../../core/options.ts';
import { TARGET_OPTION } from '../options.ts';
import { chooseTarget, type TargetMode } from '../targets.ts';
import { nodeState, runningNodes, signalBroker, startIfStopped } from '../node/state.ts';
import { ACTIVE_FILE, FS_OPS, type DiskRule, type FsOp } from './control.ts';
import { currentRules, ensureFaultfs, FAULTFS_PROGRAM, rollbackUnsynced, setRules } from './faultfs.ts';
import { buildNative } from '../native/build.ts';
import { CORRUPTIONS, chooseSegment, corruptSegment, listSegments } from './corrupt.ts';

const FAMILY = 'disk';
export const DISK_FAULTS = ['eio', 'slow', 'enospc', 'lose-unsynced', 'corrupt'] as const;
export type DiskFault = (typeof DISK_FAULTS)[number];

/** What the rule-based faults need; a manual action declares (and so carries) only its own. */
interface DiskSettings {
  eioOps?: FsOp[] | 'all';
  eioProbability?: number;
  slowMs?: number;
}

const EIO_OPTIONS = [
  option.list('eio-ops', 'operations eio fails: all, or some of', ['all', ...FS_OPS], ['write', 'fsync']),
  option.number('eio-probability', 'probability that a matching operation fails with EIO', 0, 1, 1),
];
const SLOW_OPTION = option.number('slow-ms', 'latency added to every data-dir operation by the slow fault', 0, 60_000, 50);

export function diskSettings(o: Options): DiskSettings {
  const s: DiskSettings = {};
  if (o.declares('eio-ops')) {
    const ops = o.list<FsOp | 'all'>('eio-ops');
    s.eioOps = ops.includes('all') ? 'all' : (ops as FsOp[]);
  }
  if (o.declares('eio-probability')) s.eioProbability = o.number('eio-probability');
  if (o.declares('slow-ms')) s.slowMs = o.number('slow-ms');
  return s;
}

const setting = <T>(value: T | undefined, name: string): T => {
  if (value === undefined) throw new Error(`disk: setting ${name} was not declared for this fault`);
  return value;
};

/** The rules a rule-based fault installs. */
export function rulesFor(fault: 'eio' | 'slow' | 'enospc', s: DiskSettings): DiskRule[] {
  if (fault === 'eio') return [{ kind: 'eio', ops: setting(s.eioOps, 'eio-ops'), probability: setting(s.eioProbability, 'eio-probability') }];
  if (fault === 'slow') return [{ kind: 'delay', ops: 'all', ms: setting(s.slowMs, 'slow-ms') }];
  return [{ kind: 'full' }];
}

const needsFaultfs = (faults: readonly DiskFault[]): boolean => faults.some((f) => f !== 'corrupt');

async function markActive(env: FaultEnv, node: ClusterNode, fault: DiskFault, detail: unknown): Promise<void> {
  await node.handle.writeFile(ACTIVE_FILE, JSON.stringify({ fault, detail, since: new Date().toISOString() }) + '\n');
}

/** Starts one disk fault on one node; returns facts for the op's detail. */
async function startFault(env: FaultEnv, node: ClusterNode, fault: DiskFault, s: DiskSettings, rng: Random): Promise<Record<string, unknown>> {
  await markActive(env, node, fault, {});
  switch (fault) {
    case 'eio':
    case 'slow':
    case 'enospc': {
      const rules = rulesFor(fault, s);
      await setRules(node, rules);
      return { rules };
    }
    case 'lose-unsynced': {
      // Freeze the broker so nothing writes, roll the files back to their last fsync, then "lose power".
      await signalBroker(env, node, 'STOP');
      const status = await rollbackUnsynced(node);
      await node.handle.kill('SIGKILL');
      return { rolledBackFiles: Number(status.values.rolled_back_files ?? 0), rolledBackBytes: Number(status.values.rolled_back_bytes ?? 0) };
    }
    case 'corrupt': {
      const { system } = env.cluster;
      const segments = await listSegments(node, system.dataDir);
      const segment = chooseSegment(segments, env.topics, rng, system);
      if (!segment) throw new Error(`no non-empty segment file on ${node.name} to corrupt`);
      if ((await nodeState(node)) !== 'stopped') await node.handle.kill('SIGKILL');
      return { ...(await corruptSegment(node, system.dataDir, segment, rng.pick(CORRUPTIONS), rng)) };
    }
  }
}

/** Clears rules and the active marker; starts the node if a disk fault left it down. True when anything was undone. */
async function healNode(node: ClusterNode): Promise<boolean> {
  const state = await nodeState(node);
  if (state === 'missing') return false;
  const active = (await readNodeFile(node.handle, ACTIVE_FILE))?.toString('utf8').trim() ?? '';
  const rules = await currentRules(node);
  if (!active && !rules) return false;
  if (rules) await setRules(node, []);
  await node.handle.writeFile(ACTIVE_FILE, '');
  // A broker that ran into eio or enospc is dead or dying; one started meanwhile (e.g. by another family's heal) may
  // still fail on errors it saw before the rules were cleared. Restart it, now that the disk is healthy.
  const fault = active ? (JSON.parse(active) as { fault?: DiskFault }).fault : undefined;
  if ((fault === 'eio' || fault === 'enospc') && (await nodeState(node)) === 'running') await node.handle.restart(30);
  else await startIfStopped(node);
  return true;
}

async function heal(env: FaultEnv): Promise<NemesisOutcome> {
  const { done, errors } = await eachNode(env.cluster.nodes, healNode);
  return healOutcome(
    FAMILY,
    'heal',
    done.filter((d) => d.result).map((d) => d.node.name),
    errors,
  );
}

async function prepare(env: FaultEnv, faults: readonly DiskFault[]): Promise<void> {
  if (needsFaultfs(faults)) await ensureFaultfs(env);
}

async function run(env: FaultEnv, node: ClusterNode, why: string, fault: DiskFault, s: DiskSettings, rng: Random): Promise<NemesisOutcome> {
  try {
    const facts = await startFault(env, node, fault, s, rng);
    return outcome('ok', { family: FAMILY, action: fault, phase: 'start', targets: [node.name], detail: { why, ...facts } });
  } catch (e) {
    return outcome('info', { family: FAMILY, action: fault, phase: 'start', targets: [node.name], detail: { why } }, errorMessage(e));
  }
}

function manualAction(fault: DiskFault) {
  return {
    summary: `${fault} on the named node (default: one chosen by --target)`,
    options: [TARGET_OPTION, ...(fault === 'eio' ? EIO_OPTIONS : fault === 'slow' ? [SLOW_OPTION] : [])],
    async run(env: FaultEnv, req: ManualRequest): Promise<NemesisOutcome> {
      const o = req.options;
      const s = diskSettings(o);
      await prepare(env, [fault]);
      let node = req.targets[0];
      let why = 'named';
      if (!node) {
        const t = await chooseTarget(env, req.rng, o.choice<TargetMode>('target'), await runningNodes(env.cluster.nodes));
        if (!t) return outcome('fail', { family: FAMILY, action: fault, phase: 'start', targets: [] }, 'no running node');
        [node, why] = [t.node, t.why];
      }
      return run(env, node, why, fault, s, req.rng);
    },
  };
}

export const diskFamily: FaultFamily = {
  name: FAMILY,
  description: 'data-dir faults through a FUSE filesystem: eio, slow, enospc, lose-unsynced (crash to last fsync), corrupt (segment file)',
  color: '#7f7f7f',
  options: [option.list('fault', 'disk faults to draw from', DISK_FAULTS), ...EIO_OPTIONS, SLOW_OPTION],
  // faultfs is built (installing libfuse3-dev if needed) before the cluster starts, not in the middle of a run.
  prepareHost: async (progress) => void (await buildNative(FAULTFS_PROGRAM, progress)),
  create(spec: TestSpec, o: Options): Nemesis {
    const faults = o.list<DiskFault>('fault');
    const settings = diskSettings(o);
    const mode: TargetMode = spec.killTarget;
    const faulted = new Map<string, DiskFault>();
    return {
      family: FAMILY,
      color: diskFamily.color,
      async setup(env) {
        await heal(env);
        await prepare(env, faults);
      },
      async invoke(env, phase, rng) {
        if (phase === 'stop') {
          faulted.clear();
          return heal(env);
        }
        const fault = rng.pick(faults);
        const t = await chooseTarget(env, rng, mode, await runningNodes(env.cluster.nodes));
        if (!t) return outcome('fail', { family: FAMILY, action: fault, phase: 'start', targets: [] }, 'no running node');
        const r = await run(env, t.node, t.why, fault, settings, rng);
        faulted.set(t.node.name, fault);
        return r;
      },
      async healAll(env) {
        faulted.clear();
        return heal(env);
      },
      active: () => [...faulted].map(([n, f]) => `disk(${f} ${n})`),
    };
  },
  manual: Object.fromEntries(DISK_FAULTS.map((f) => [f, manualAction(f)])),
  heal,
  async discover(env) {
    const out: string[] = [];
    for (const n of env.cluster.nodes) {
      const active = (await readNodeFile(n.handle, ACTIVE_FILE).catch(() => undefined))?.toString('utf8').trim();
      const rules = await currentRules(n).catch(() => '');
      if (active || rules)
        out.push(`disk(${n.name}: ${active ? (JSON.parse(active) as { fault: string }).fault : 'rules'}${rules ? ` [${rules.replace(/\n/g, '; ')}]` : ''})`);
    }
    return out;
  },
};
