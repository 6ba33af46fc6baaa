// Nemesis `clock`: per-node clock faults for the broker only (libfaketime preloaded, offset file changed at run time;
// the machine's clock is never touched): skew (fixed offset), bump (a jump), strobe (flip back and forth), reset.
// Every change is followed by a `check-offsets` op recording each node's offset as the broker's setup sees it.
import type { ClusterNode } from '../../core/cluster.ts';
import type { NemesisValue } from '../../core/history/op.ts';
import { nodeShell } from '../../core/runtime.ts';
import type { Random } from '../../core/generator/random.ts';
import type { TestSpec } from '../../core/spec.ts';
import type { Nemesis, NemesisOutcome } from '../../core/plugins.ts';
import { EnvironmentError, UserError, errorMessage } from '../../core/errors.ts';
import { eachNode, healOutcome, outcome, type FaultEnv, type FaultFamily, type ManualRequest } from '../family.ts';
import { option, type Options } from '../../core/options.ts';
import { ensureBrokerFeature } from '../node/features.ts';
import { shuffle } from '../partition/shapes.ts';
import { checkOffsets, configuredOffset, setOffset } from './offsets.ts';
import { FAKETIME_LIB } from './faketime.ts';
import { Strobes } from './strobe.ts';

const FAMILY = 'clock';
export const CLOCK_FAULTS = ['skew', 'bump', 'strobe'] as const;
export type ClockFault = (typeof CLOCK_FAULTS)[number];

const TEN_YEARS_S = 10 * 365 * 86400;
const OFFSET_OPTION = option.number('offset', 'clock offset in seconds (negative = behind)', -TEN_YEARS_S, TEN_YEARS_S);

/** libfaketime re-reads the offset file about once a second: faster strobes would not be seen. */
const MIN_STROBE_PERIOD_MS = 1000;

/** A non-zero offset in [-max, -max/10] ∪ [max/10, max] ms, so every fault is noticeable. */
export function randomOffsetMs(rng: Random, maxMs: number): number {
  const magnitude = maxMs * (0.1 + 0.9 * rng.next());
  return Math.round(rng.next() < 0.5 ? -magnitude : magnitude);
}

/** A random non-empty subset of the nodes. */
export function randomSubset<T>(items: readonly T[], rng: Random): T[] {
  return shuffle(items, rng).slice(0, 1 + rng.int(items.length));
}

/** Each node's offset as its broker's setup sees it, as an instant `check-offsets` op for the history. */
async function observe(env: FaultEnv): Promise<NemesisValue> {
  const offsets = await checkOffsets(env.cluster.nodes);
  return { family: FAMILY, action: 'check-offsets', phase: 'instant', targets: Object.keys(offsets), detail: { offsetsMs: offsets } };
}

async function setOffsets(env: FaultEnv, action: string, nodes: ClusterNode[], offsetOf: (n: ClusterNode) => Promise<number>): Promise<NemesisOutcome> {
  const { done, errors } = await eachNode(nodes, async (n) => {
    const ms = await offsetOf(n);
    await setOffset(n, ms);
    return ms;
  });
  const setMs = Object.fromEntries(done.map((d) => [d.node.name, d.result]));
  return outcome(
    errors.length > 0 ? 'info' : 'ok',
    { family: FAMILY, action, phase: 'start', targets: done.map((d) => d.node.name), detail: { setMs } },
    errors.join('; ') || undefined,
  );
}

const skew = (env: FaultEnv, nodes: ClusterNode[], offsetMs: number) => setOffsets(env, 'skew', nodes, async () => offsetMs);
const bump = (env: FaultEnv, nodes: ClusterNode[], deltaMs: number) => setOffsets(env, 'bump', nodes, async (n) => (await configuredOffset(n)) + deltaMs);

async function heal(env: FaultEnv): Promise<NemesisOutcome> {
  const { done, errors } = await eachNode(env.cluster.nodes, async (n) => {
    if ((await configuredOffset(n)) === 0) return false;
    await setOffset(n, 0);
    return true;
  });
  return healOutcome(
    FAMILY,
    'reset',
    done.filter((d) => d.result).map((d) => d.node.name),
    errors,
  );
}

/** libfaketime present in the node image and preloaded into every broker (restarting brokers that lack it). */
async function setup(env: FaultEnv): Promise<void> {
  const node = env.cluster.nodes[0];
  if (node) {
    const r = await nodeShell(node.handle, `test -f ${FAKETIME_LIB}`).catch(() => undefined);
    if (r && r.exitCode !== 0) throw new EnvironmentError(`clock: ${FAKETIME_LIB} is missing in the node image (Debian package faketime)`);
  }
  await ensureBrokerFeature(env, 'faketime');
}

function strobeRequest(rng: Random, maxMs: number, durationMs: number, base: number) {
  return { highMs: base + randomOffsetMs(rng, maxMs), lowMs: base, periodMs: MIN_STROBE_PERIOD_MS, durationMs };
}

export const clockFamily: FaultFamily = {
  name: FAMILY,
  description: 'broker clock faults via libfaketime: skew, bump, strobe, reset (the host clock is never changed)',
  color: '#ff7f0e',
  needsFaketime: true,
  options: [
    option.list('fault', 'clock faults to draw from', CLOCK_FAULTS),
    option.number('max-skew', 'largest clock offset in seconds, either way', 0.001, TEN_YEARS_S, 60),
  ],
  create(spec: TestSpec, opts: Options): Nemesis {
    const faults = opts.list<ClockFault>('fault');
    const maxMs = opts.number('max-skew') * 1000;
    let strobes: Strobes | undefined;
    let skewed: string[] = [];
    return {
      family: FAMILY,
      color: clockFamily.color,
      async setup(env) {
        await setup(env);
        strobes = new Strobes();
        await heal(env);
      },
      async invoke(env, phase, rng) {
        await strobes?.cancel();
        let r: NemesisOutcome;
        if (phase === 'stop') {
          r = await heal(env);
          skewed = [];
        } else {
          const nodes = env.cluster.nodes;
          const fault = rng.pick(faults);
          if (fault === 'skew') r = await setOffsets(env, 'skew', randomSubset(nodes, rng), async () => randomOffsetMs(rng, maxMs));
          else if (fault === 'bump') r = await bump(env, [rng.pick(nodes)], randomOffsetMs(rng, maxMs));
          else {
            const targets = randomSubset(nodes, rng);
            const s = strobeRequest(rng, maxMs, Math.max(MIN_STROBE_PERIOD_MS * 2, Math.min(10_000, spec.nemesisIntervalS * 500)), 0);
            void strobes?.start({ nodes: targets, ...s });
            r = outcome('ok', { family: FAMILY, action: 'strobe', phase: 'start', targets: targets.map((n) => n.name), detail: s });
          }
          skewed = r.value.targets;
        }
        const observed = await observe(env).catch((e: unknown) => errorMessage(e));
        if (typeof observed === 'string') return { ...r, value: { ...r.value, detail: { ...(r.value.detail as object), observedOffsetsMs: observed } } };
        const observedOffsetsMs = (observed.detail as { offsetsMs: unknown }).offsetsMs;
        return { ...r, value: { ...r.value, detail: { ...(r.value.detail as object), observedOffsetsMs } }, observations: [observed] };
      },
      async healAll(env) {
        await strobes?.cancel();
        skewed = [];
        return heal(env);
      },
      active: () => (skewed.length > 0 ? [`clock(${skewed.join(',')})`] : []),
    };
  },
  manual: {
    skew: {
      summary: 'set the named nodes (default all) to a fixed offset',
      options: [OFFSET_OPTION],
      run: async (env, req) => {
        await setup(env);
        return skew(env, targetsOrAll(env, req), seconds(req, 'offset') * 1000);
      },
    },
    bump: {
      summary: 'jump the named nodes (default all) by --delta from their current offset',
      options: [option.number('delta', 'clock jump in seconds (negative = back)', -TEN_YEARS_S, TEN_YEARS_S)],
      run: async (env, req) => {
        await setup(env);
        return bump(env, targetsOrAll(env, req), seconds(req, 'delta') * 1000);
      },
    },
    strobe: {
      summary: 'flip the named nodes (default all) between --offset and their offset every --period for --duration',
      options: [
        OFFSET_OPTION,
        option.number('period', 'ms between flips', MIN_STROBE_PERIOD_MS, 3_600_000, MIN_STROBE_PERIOD_MS),
        option.number('duration', 'seconds the strobe lasts', 1, 86_400, 10),
      ],
      async run(env, req) {
        await setup(env);
        const nodes = targetsOrAll(env, req);
        const highMs = seconds(req, 'offset') * 1000;
        const periodMs = req.options.number('period');
        const durationMs = req.options.number('duration') * 1000;
        await new Strobes().start({ nodes, highMs, lowMs: 0, periodMs, durationMs });
        return outcome('ok', { family: FAMILY, action: 'strobe', phase: 'start', targets: nodes.map((n) => n.name), detail: { highMs, periodMs, durationMs } });
      },
    },
    reset: {
      summary: 'set the named nodes (default all) back to the real clock',
      run: async (env, req) => (req.targets.length > 0 ? setOffsets(env, 'reset', req.targets, async () => 0) : heal(env)),
    },
    'check-offsets': {
      summary: "print each node's clock offset as its broker sees it (ms)",
      run: async (env) => outcome('ok', await observe(env)),
    },
  },
  heal,
  async discover(env) {
    const out: string[] = [];
    for (const n of env.cluster.nodes) {
      const ms = await configuredOffset(n).catch(() => 0);
      if (ms !== 0) out.push(`clock(${n.name}: ${ms > 0 ? '+' : ''}${ms} ms)`);
    }
    return out;
  },
};

function targetsOrAll(env: FaultEnv, req: ManualRequest): ClusterNode[] {
  return req.targets.length > 0 ? req.targets : env.cluster.nodes;
}

function seconds(req: ManualRequest, key: string): number {
  const s = req.options.optionalNumber(key);
  if (s === undefined) throw new UserError(`clock: give --${key} <seconds>`);
  return s;
}
