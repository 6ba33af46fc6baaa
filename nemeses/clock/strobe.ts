// Clock strobe: flips nodes between two offsets every period for a while (the broker sees each flip within ~1 s).
import type { ClusterNode } from '../../core/cluster.ts';
import { setOffset } from './offsets.ts';

export interface StrobeSpec {
  nodes: ClusterNode[];
  /** Offsets alternated between, in ms. */
  highMs: number;
  lowMs: number;
  periodMs: number;
  durationMs: number;
}

/** Runs strobes in the background; `cancel` stops them and waits until no write is in flight. */
export class Strobes {
  private running = new Set<Promise<void>>();
  private cancelled = false;

  /** Starts one; the returned promise resolves when it ends (by time or by cancel). Leaves nodes at `lowMs`. */
  start(s: StrobeSpec): Promise<void> {
    this.cancelled = false;
    const run = (async () => {
      const end = Date.now() + s.durationMs;
      let high = true;
      while (!this.cancelled && Date.now() < end) {
        await Promise.all(s.nodes.map((n) => setOffset(n, high ? s.highMs : s.lowMs).catch(() => undefined)));
        high = !high;
        await new Promise((r) => setTimeout(r, Math.min(s.periodMs, Math.max(0, end - Date.now()))));
      }
      await Promise.all(s.nodes.map((n) => setOffset(n, s.lowMs).catch(() => undefined)));
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return run;
  }

  active(): boolean {
    return this.running.size > 0;
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    await Promise.all([...this.running]);
  }
}
