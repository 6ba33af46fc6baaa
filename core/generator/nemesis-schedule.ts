// The fault schedule, planned up front from the seed: for each family, start/stop pairs every interval, staggered.
import type { Random } from './random.ts';

export interface ScheduledFault {
  /** Milliseconds after the main phase starts. */
  atMs: number;
  family: string;
  phase: 'start' | 'stop';
}

export interface ScheduleOptions {
  families: string[];
  /** Mean seconds between a fault's start and its stop, and between a stop and the next start. */
  intervalS: number;
  timeLimitS: number;
}

/**
 * Family i begins at an offset of i/n of an interval so faults of different families overlap but do not move in
 * lockstep; every gap is jittered by ±25% from the seed. Faults still open at the time limit are healed by the
 * run's heal phase, so the plan does not need to close them.
 */
export function planNemesis(rng: Random, opts: ScheduleOptions): ScheduledFault[] {
  const out: ScheduledFault[] = [];
  const limitMs = opts.timeLimitS * 1000;
  const gapMs = opts.intervalS * 1000;
  opts.families.forEach((family, i) => {
    const r = rng.fork(`schedule-${family}`);
    const jitter = (): number => gapMs * (0.75 + 0.5 * r.next());
    let t = (gapMs * (i + 1)) / opts.families.length;
    let phase: 'start' | 'stop' = 'start';
    while (t < limitMs) {
      out.push({ atMs: Math.round(t), family, phase });
      phase = phase === 'start' ? 'stop' : 'start';
      t += jitter();
    }
  });
  return out.sort((a, b) => a.atMs - b.atMs || a.family.localeCompare(b.family));
}
