// The memory budget of one check. The memo's typed arrays ask for their bytes before they grow (reserve), and the
// checker samples this thread's V8 heap and array buffers between search slices (sample), so the model states the
// memo keeps alive count too. Past the budget — or near V8's own heap limit, which would otherwise end the process —
// the budget is exhausted and the check answers 'unknown' with the reason. Peak use is reported in the stats.
import { cpus, totalmem } from 'node:os';
import { getHeapStatistics, type HeapInfo } from 'node:v8';

const MB = 1024 * 1024;
/**
 * On-heap reservations below this size skip the heap measurement: they cannot take a heap that had room at the last
 * sample past its limit, and the samples between search slices watch the heap anyway.
 */
const HEAP_CHECK_MIN_BYTES = MB;
/** Share of V8's heap limit the check may fill before it stops (a full heap is a crash, not an answer). */
const HEAP_SHARE = 0.85;

/**
 * The default budget in MB: half of the machine's memory, split between the checks that may run at once
 * (`concurrentChecks`, e.g. `faultline check --jobs`).
 */
export function defaultMemoryMB(concurrentChecks = 1): number {
  return Math.max(64, Math.floor(totalmem() / 2 / Math.max(1, concurrentChecks) / MB));
}

/** Cores the machine has, for defaults elsewhere. */
export const machineCores = (): number => Math.max(1, cpus().length);

/** This thread's V8 heap, and the heap plus the memory outside it (typed arrays), in bytes. */
const thisThreadBytes = (stats: HeapInfo = getHeapStatistics()): { heap: number; total: number } => ({
  heap: stats.used_heap_size,
  total: stats.used_heap_size + stats.external_memory,
});

export class MemoryBudget {
  readonly limitBytes: number;
  /** Why the budget is exhausted; undefined while it is not. */
  exhaustedBecause: string | undefined;
  private readonly baseline: number;
  private readonly heapLimit: number;
  private readonly sampled: boolean;
  private current = 0;
  private peak = 0;

  /**
   * `heapLimitBytes`: where the V8 heap counts as full (default: a share of V8's own limit; tests set it lower).
   * `sampled: false` is for a check whose memory is all reserved (the search kernel reading a history itself holds
   * nothing that grows on the V8 heap): sample() then measures nothing, and the budget counts reservations only.
   */
  constructor(limitMB: number, heapLimitBytes?: number, { sampled = true }: { sampled?: boolean } = {}) {
    this.limitBytes = limitMB * MB;
    this.sampled = sampled;
    const stats = sampled ? getHeapStatistics() : undefined;
    this.baseline = stats ? thisThreadBytes(stats).total : 0;
    this.heapLimit = heapLimitBytes ?? (stats ? stats.heap_size_limit * HEAP_SHARE : Infinity);
  }

  get exhausted(): boolean {
    return this.exhaustedBecause !== undefined;
  }

  /** Bytes the check holds now (as of the last sample plus reservations since), never below 0. */
  get usedBytes(): number {
    return this.current;
  }

  get peakBytes(): number {
    return this.peak;
  }

  /** Re-measures this thread's memory; returns false once the budget is exhausted. */
  sample(): boolean {
    if (!this.sampled) return !this.exhausted;
    const { heap, total } = thisThreadBytes();
    this.current = Math.max(0, total - this.baseline);
    this.peak = Math.max(this.peak, this.current);
    if (this.current > this.limitBytes) this.exhaust();
    else if (heap > this.heapLimit) {
      this.exhaustedBecause = `the JavaScript heap reached ${Math.round(heap / MB)} MB, near its limit of ${Math.round(this.heapLimit / HEAP_SHARE / MB)} MB`;
    }
    return !this.exhausted;
  }

  /**
   * Asks for `bytes` more before allocating them; false (and exhausted) when they do not fit the budget — or, for an
   * allocation on the V8 heap (`onHeap`, e.g. a JavaScript array), when the heap would pass its limit: a heap that
   * fills up ends the process, whatever the budget says.
   */
  reserve(bytes: number, onHeap = false): boolean {
    if (this.exhausted) return false;
    if (this.current + bytes > this.limitBytes) {
      this.exhaust();
      return false;
    }
    if (onHeap && bytes >= HEAP_CHECK_MIN_BYTES) {
      const heap = getHeapStatistics().used_heap_size;
      if (heap + bytes > this.heapLimit) {
        this.exhaustedBecause = `the JavaScript heap (${Math.round(heap / MB)} MB) had no room for ${Math.round(bytes / MB)} MB more within its limit of ${Math.round(this.heapLimit / MB)} MB`;
        return false;
      }
    }
    this.current += bytes;
    this.peak = Math.max(this.peak, this.current);
    return true;
  }

  /** Refuses memory for a limit of the caller's own (`reason` says which): the budget is exhausted. */
  refuse(reason: string): false {
    this.exhaustedBecause ??= reason;
    return false;
  }

  private exhaust(): void {
    this.exhaustedBecause = `the memory budget of ${Math.round(this.limitBytes / MB)} MB was reached`;
  }
}
