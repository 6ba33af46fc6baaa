// Spaces operations across all workers to a target rate, with a little seeded jitter (Jepsen's "stagger").
import type { Random } from './random.ts';

export class Pacer {
  private nextSlotMs: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly rng: Random,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.nextSlotMs = clock();
  }

  /** Milliseconds the caller must wait before its next op; reserves that slot. */
  reserve(): number {
    const now = this.clock();
    const meanGap = 1000 / this.ratePerSecond;
    // Uniform in [0.5, 1.5) of the mean gap: the mean rate holds and ops do not arrive in lockstep.
    const gap = meanGap * (0.5 + this.rng.next());
    const slot = Math.max(now, this.nextSlotMs);
    this.nextSlotMs = slot + gap;
    return slot - now;
  }
}
