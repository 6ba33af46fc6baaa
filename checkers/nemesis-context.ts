// Finds the nemesis event nearest before an op, so every anomaly can name the fault that preceded it.
import type { NemesisValue, Op } from '../core/history/op.ts';

export interface NemesisContext {
  index: number;
  family: string;
  action: string;
  targets: string[];
  time: number;
  /** ms between that nemesis op and the op in question. */
  msBefore: number;
}

/** The latest nemesis completion at or before history index `opIndex` (ops are in index order). */
export function nearestNemesis(ops: Op[], opIndex: number): NemesisContext | undefined {
  const at = ops[opIndex];
  for (let i = Math.min(opIndex, ops.length - 1); i >= 0; i--) {
    const op = ops[i]!;
    if (op.process === 'nemesis' && op.type !== 'invoke') {
      const v = op.value as Partial<NemesisValue>;
      return {
        index: op.index,
        family: String(v.family ?? '?'),
        action: String(v.action ?? op.f),
        targets: Array.isArray(v.targets) ? v.targets.map(String) : [],
        time: op.time,
        msBefore: at ? Math.round((at.time - op.time) / 1e6) : 0,
      };
    }
  }
  return undefined;
}
